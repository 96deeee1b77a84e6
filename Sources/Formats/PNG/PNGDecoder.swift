/// Reads PNG files (ISO/IEC 15948) into 8-bit samples: grayscale, grayscale + alpha, RGB, RGBA and palette
/// images, at every bit depth PNG allows for them (1, 2, 4, 8, 16; 16-bit samples keep their high byte, as
/// TensorFlow's `decode_image(dtype=uint8)` does). Adam7-interlaced files are refused.
///
/// Every chunk's CRC-32 and the zlib stream's Adler-32 are checked; a truncated or corrupt file throws
/// `SwiftKerasError.fileFormat` naming the file, the byte offset and what is wrong.
public enum PNGDecoder {
    /// A decoded picture: `height * width * channels` bytes, row-major, top row first.
    public struct Image: Sendable, Equatable {
        /// Pixels per row.
        public let width: Int
        /// Rows.
        public let height: Int
        /// Samples per pixel: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA (a palette gives 3, or 4 with a `tRNS` chunk).
        public let channels: Int
        /// The samples, 0...255.
        public let pixels: [UInt8]
    }

    /// The largest width × height decoded (a 16384 × 16384 image), so that a hostile header cannot exhaust memory.
    public static let maximumPixels = 1 << 28

    /// Decodes the PNG file at `path`.
    public static func decode(contentsOf path: String) throws -> Image {
        try decode(try readFileBytes(path), name: path)
    }

    /// Decodes the bytes of a PNG file.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - name: the file name quoted in errors.
    public static func decode(_ bytes: [UInt8], name: String = "PNG data") throws -> Image {
        var reader = ByteReader(bytes, name: name)
        guard try reader.readBytes(8, "PNG signature").elementsEqual(PNGImage.signature) else {
            throw reader.error("not a PNG file (the first 8 bytes are not the PNG signature)", at: 0)
        }
        var header: Header?
        var compressed: [UInt8] = []
        var palette: [UInt8] = [], transparency: [UInt8] = []
        while true {
            let start = reader.offset
            let length = Int(try reader.readUInt32BE("chunk length"))
            let typeAndData = Array(try reader.readBytes(4 + length, "chunk type and data"))
            let type = String(decoding: typeAndData[0..<4], as: UTF8.self)
            guard try reader.readUInt32BE("\(type) chunk CRC") == CRC32.checksum(typeAndData) else {
                throw reader.error("CRC mismatch in the \(type) chunk (the file is corrupt)", at: start)
            }
            let data = typeAndData[4...]
            if header == nil, type != "IHDR" { throw reader.error("the first chunk is \(type), expected IHDR", at: start) }
            switch type {
            case "IHDR": header = try Header(data, reader: reader, at: start)
            case "PLTE": palette = Array(data)
            case "tRNS": transparency = Array(data)
            case "IDAT": compressed += data
            case "IEND":
                return try header!.decode(zlib: compressed, palette: palette, transparency: transparency, reader: reader)
            default: break  // ancillary chunks (gamma, text, ...) are not needed for the samples
            }
        }
    }

    /// The `IHDR` fields.
    private struct Header {
        let width: Int, height: Int, bitDepth: Int, colorType: Int

        init(_ data: ArraySlice<UInt8>, reader: ByteReader, at start: Int) throws {
            var fields = ByteReader(Array(data), name: reader.name)
            width = Int(try fields.readUInt32BE("IHDR width"))
            height = Int(try fields.readUInt32BE("IHDR height"))
            bitDepth = Int(try fields.readUInt8("IHDR bit depth"))
            colorType = Int(try fields.readUInt8("IHDR color type"))
            let compression = try fields.readUInt8("IHDR compression"), filter = try fields.readUInt8("IHDR filter")
            let interlace = try fields.readUInt8("IHDR interlace")
            let depths: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
            guard let allowed = depths[colorType], allowed.contains(bitDepth) else {
                throw reader.error("unsupported color type \(colorType) with bit depth \(bitDepth)", at: start)
            }
            guard width >= 1, height >= 1, width <= PNGDecoder.maximumPixels / height else {
                throw reader.error("image size \(width) x \(height) is empty or larger than \(PNGDecoder.maximumPixels) pixels", at: start)
            }
            guard compression == 0, filter == 0 else {
                throw reader.error("unknown compression method \(compression) or filter method \(filter)", at: start)
            }
            guard interlace == 0 else {
                throw reader.error("interlaced (Adam7) PNG files are not supported; save the image without interlacing", at: start)
            }
        }

        /// Samples per pixel in the file: gray 1, RGB 3, palette index 1, gray + alpha 2, RGBA 4.
        var fileChannels: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType]! }

        func decode(zlib: [UInt8], palette: [UInt8], transparency: [UInt8], reader: ByteReader) throws -> Image {
            let rowBytes = (width * fileChannels * bitDepth + 7) / 8
            let filtered = try inflate(zlib, expectedSize: height * (rowBytes + 1), reader: reader)
            let raw = try unfilter(filtered, rowBytes: rowBytes, reader: reader)
            let samples = unpackSamples(raw, rowBytes: rowBytes)
            guard colorType == 3 else { return Image(width: width, height: height, channels: fileChannels, pixels: samples) }
            guard !palette.isEmpty, palette.count % 3 == 0 else {
                throw reader.error("palette image without a valid PLTE chunk (\(palette.count) bytes)")
            }
            let entries = palette.count / 3, channels = transparency.isEmpty ? 3 : 4
            var pixels = [UInt8](repeating: 255, count: samples.count * channels)
            for (pixel, index) in samples.enumerated() {
                guard Int(index) < entries else {
                    throw reader.error("pixel \(pixel) uses palette entry \(index), but the palette has \(entries) entries")
                }
                for channel in 0..<3 { pixels[pixel * channels + channel] = palette[Int(index) * 3 + channel] }
                if channels == 4, Int(index) < transparency.count { pixels[pixel * 4 + 3] = transparency[Int(index)] }
            }
            return Image(width: width, height: height, channels: channels, pixels: pixels)
        }

        /// The zlib stream (RFC 1950): header, DEFLATE body, Adler-32 of the output.
        private func inflate(_ zlib: [UInt8], expectedSize: Int, reader: ByteReader) throws -> [UInt8] {
            guard zlib.count >= 6 else { throw reader.error("the image data (IDAT) is missing or truncated: \(zlib.count) bytes") }
            guard zlib[0] & 0x0F == 8, (Int(zlib[0]) << 8 | Int(zlib[1])) % 31 == 0, zlib[1] & 0x20 == 0 else {
                throw reader.error("the image data does not start with a zlib header")
            }
            let output = try Inflate.decompress(Array(zlib[2..<(zlib.count - 4)]), name: reader.name + " (image data)",
                                                expectedSize: expectedSize)
            var adler = Adler32()
            adler.update(output)
            let stored = zlib[(zlib.count - 4)...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            guard adler.value == stored else { throw reader.error("Adler-32 mismatch in the image data (the file is corrupt)") }
            return output
        }

        /// Undoes the row filters (None, Sub, Up, Average, Paeth), dropping each row's filter byte.
        private func unfilter(_ data: [UInt8], rowBytes: Int, reader: ByteReader) throws -> [UInt8] {
            let step = Swift.max(1, fileChannels * bitDepth / 8)
            var out = [UInt8](repeating: 0, count: height * rowBytes)
            for row in 0..<height {
                let filter = data[row * (rowBytes + 1)], source = row * (rowBytes + 1) + 1, start = row * rowBytes
                for index in 0..<rowBytes {
                    let value = data[source + index]
                    let left = index >= step ? Int(out[start + index - step]) : 0
                    let above = row > 0 ? Int(out[start + index - rowBytes]) : 0
                    let corner = index >= step && row > 0 ? Int(out[start + index - step - rowBytes]) : 0
                    let predicted: Int
                    switch filter {
                    case 0: predicted = 0
                    case 1: predicted = left
                    case 2: predicted = above
                    case 3: predicted = (left + above) / 2
                    case 4:
                        let estimate = left + above - corner
                        let (a, b, c) = (abs(estimate - left), abs(estimate - above), abs(estimate - corner))
                        predicted = a <= b && a <= c ? left : b <= c ? above : corner
                    default: throw reader.error("row \(row) has unknown filter type \(filter)")
                    }
                    out[start + index] = value &+ UInt8(truncatingIfNeeded: predicted)
                }
            }
            return out
        }

        /// One byte per sample: low bit depths unpacked (gray scaled to 0...255, palette indices kept), 16-bit
        /// samples cut to their high byte.
        private func unpackSamples(_ raw: [UInt8], rowBytes: Int) -> [UInt8] {
            if bitDepth == 8 { return raw }
            let perRow = width * fileChannels
            var samples = [UInt8](repeating: 0, count: height * perRow)
            for row in 0..<height {
                for index in 0..<perRow {
                    if bitDepth == 16 {
                        samples[row * perRow + index] = raw[row * rowBytes + 2 * index]
                        continue
                    }
                    let bit = index * bitDepth
                    let byte = raw[row * rowBytes + bit / 8]
                    let value = Int(byte >> UInt8(8 - bitDepth - bit % 8)) & ((1 << bitDepth) - 1)
                    samples[row * perRow + index] = UInt8(colorType == 3 ? value : value * 255 / ((1 << bitDepth) - 1))
                }
            }
            return samples
        }
    }
}

extension PNGDecoder.Image {
    /// The picture with `channels` samples per pixel, converted as libpng converts for TensorFlow's
    /// `decode_png(channels:)`: alpha is dropped or added as opaque 255, gray is repeated into RGB, and RGB
    /// becomes gray as (6968 R + 23434 G + 2366 B + 16384) >> 15 (Rec. 709 weights in 15-bit fixed point).
    /// - Parameter channels: 1 (gray), 3 (RGB) or 4 (RGBA).
    public func converted(toChannels target: Int) -> PNGDecoder.Image {
        guard target != channels else { return self }
        let count = width * height
        var out = [UInt8](repeating: 255, count: count * target)
        let hasColor = channels >= 3, hasAlpha = channels == 2 || channels == 4
        for pixel in 0..<count {
            let base = pixel * channels
            let (red, green, blue) = hasColor ? (pixels[base], pixels[base + 1], pixels[base + 2])
                : (pixels[base], pixels[base], pixels[base])
            if target == 1 {
                let weighted: Int = 6968 * Int(red) + 23434 * Int(green) + 2366 * Int(blue)
                out[pixel] = hasColor ? UInt8((weighted + 16384) >> 15) : red
                continue
            }
            out[pixel * target] = red
            out[pixel * target + 1] = green
            out[pixel * target + 2] = blue
            if target == 4, hasAlpha { out[pixel * 4 + 3] = pixels[base + channels - 1] }
        }
        return PNGDecoder.Image(width: width, height: height, channels: target, pixels: out)
    }
}
