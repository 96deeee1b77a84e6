import Foundation

/// An 8-bit grayscale or RGB picture that encodes itself as a PNG file any viewer opens.
///
/// The file is the signature, `IHDR`, one `IDAT` holding the zlib-compressed filtered rows, and `IEND`;
/// every chunk ends with the CRC-32 of its type and data. Each row is filtered with None, Sub
/// (`x - left`) or Up (`x - above`), whichever gives the smallest sum of absolute byte values.
public struct PNGImage: Sendable, Equatable {
    /// How the bytes of one pixel are read.
    public enum ColorType: UInt8, Sendable {
        /// One byte per pixel, 0 black to 255 white (PNG colour type 0).
        case grayscale = 0
        /// Three bytes per pixel, red, green, blue (PNG colour type 2).
        case rgb = 2

        /// Bytes per pixel: 1 for grayscale, 3 for RGB.
        public var channels: Int { self == .grayscale ? 1 : 3 }
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Whether pixels are grayscale or RGB.
    public let colorType: ColorType
    /// Row-major pixel bytes, `height * width * colorType.channels` of them, top row first.
    public let pixels: [UInt8]

    /// The 8 bytes every PNG file starts with.
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Creates a picture from row-major pixel bytes.
    ///
    /// - Parameters:
    ///   - width: Pixels per row, at least 1.
    ///   - height: Rows, at least 1.
    ///   - colorType: `.grayscale` (1 byte per pixel) or `.rgb` (3 bytes per pixel).
    ///   - pixels: Exactly `width * height * colorType.channels` bytes, top row first.
    /// - Throws: `SwiftKerasError.invalidArgument` for a size below 1 or above PNG's 2^31 - 1, or a
    ///   pixel count that does not match the size.
    public init(width: Int, height: Int, colorType: ColorType, pixels: [UInt8]) throws {
        let limit = Int(Int32.max)
        guard (1...limit).contains(width), (1...limit).contains(height) else {
            throw SwiftKerasError.invalidArgument(
                "PNG size \(width) x \(height) is invalid: width and height must be in 1...\(limit)")
        }
        let (area, overflowA) = width.multipliedReportingOverflow(by: height)
        let (expected, overflowB) = area.multipliedReportingOverflow(by: colorType.channels)
        guard !overflowA, !overflowB, pixels.count == expected else {
            throw SwiftKerasError.invalidArgument(
                "PNG pixel buffer has \(pixels.count) bytes; a \(width) x \(height) \(colorType) image needs "
                    + "\(overflowA || overflowB ? "more than Int.max" : String(expected)) "
                    + "(\(width) * \(height) * \(colorType.channels)) bytes")
        }
        self.width = width
        self.height = height
        self.colorType = colorType
        self.pixels = pixels
    }

    /// The complete PNG file: signature, `IHDR`, `IDAT`, `IEND`.
    public func pngData() -> Data {
        var file = Self.signature
        var header: [UInt8] = []
        Self.appendBigEndian(UInt32(width), to: &header)
        Self.appendBigEndian(UInt32(height), to: &header)
        // Bit depth 8, colour type, compression 0 (deflate), filter method 0, no interlace.
        header.append(contentsOf: [8, colorType.rawValue, 0, 0, 0])
        Self.appendChunk("IHDR", header, to: &file)
        Self.appendChunk("IDAT", ZlibEncoder.compress(filteredRows()), to: &file)
        Self.appendChunk("IEND", [], to: &file)
        return Data(file)
    }

    /// Writes the PNG file to `path` atomically (a temporary file renamed over the target).
    ///
    /// - Parameter path: The destination; missing folders are created.
    /// - Throws: `SwiftKerasError.io` when the file cannot be written.
    public func write(to path: String) throws {
        try AtomicFile.write(pngData(), to: path)
    }

    /// Every row prefixed by its filter type byte, filtered with the cheapest of None, Sub and Up.
    func filteredRows() -> [UInt8] {
        let stride = width * colorType.channels
        let bytesPerPixel = colorType.channels
        var output: [UInt8] = []
        output.reserveCapacity(height * (stride + 1))
        var sub = [UInt8](repeating: 0, count: stride)
        var up = [UInt8](repeating: 0, count: stride)
        pixels.withUnsafeBufferPointer { source in
            for row in 0..<height {
                let start = row * stride
                let current = UnsafeBufferPointer(rebasing: source[start..<start + stride])
                // The usual heuristic: bytes read as signed, smaller magnitudes compress better.
                var costs = (none: 0, sub: 0, up: 0)
                for index in 0..<stride {
                    let value = current[index]
                    let left = index >= bytesPerPixel ? current[index - bytesPerPixel] : 0
                    let above = row > 0 ? source[start + index - stride] : 0
                    sub[index] = value &- left
                    up[index] = value &- above
                    costs.none += abs(Int(Int8(bitPattern: value)))
                    costs.sub += abs(Int(Int8(bitPattern: sub[index])))
                    costs.up += abs(Int(Int8(bitPattern: up[index])))
                }
                if costs.none <= costs.sub, costs.none <= costs.up {
                    output.append(0)
                    output.append(contentsOf: current)
                } else if costs.sub <= costs.up {
                    output.append(1)
                    output.append(contentsOf: sub)
                } else {
                    output.append(2)
                    output.append(contentsOf: up)
                }
            }
        }
        return output
    }

    /// Appends one chunk: data length (big-endian), type, data, CRC-32 of type and data.
    private static func appendChunk(_ type: String, _ data: [UInt8], to file: inout [UInt8]) {
        appendBigEndian(UInt32(data.count), to: &file)
        let typeAndData = Array(type.utf8) + data
        file.append(contentsOf: typeAndData)
        appendBigEndian(CRC32.checksum(typeAndData), to: &file)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) })
    }
}
