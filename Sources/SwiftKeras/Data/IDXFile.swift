import Foundation

/// An array in the IDX format of the MNIST files: a big-endian header, then the values, row-major.
///
/// Header: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
/// 0x0E float64), the number of dimensions, then each dimension as a big-endian 32-bit integer.
/// MNIST images are `0x00000803` (uint8, 3 dimensions `[N, 28, 28]`), labels `0x00000801` (uint8, `[N]`).
public struct IDXFile: Equatable {
    /// The element type of an IDX file.
    public enum ElementType: UInt8, Sendable {
        /// Unsigned bytes (MNIST's images and labels).
        case uint8 = 0x08
        /// Signed bytes.
        case int8 = 0x09
        /// Big-endian 16-bit integers.
        case int16 = 0x0B
        /// Big-endian 32-bit integers.
        case int32 = 0x0C
        /// Big-endian 32-bit floats.
        case float32 = 0x0D
        /// Big-endian 64-bit floats.
        case float64 = 0x0E

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .uint8, .int8: 1
            case .int16: 2
            case .int32, .float32: 4
            case .float64: 8
            }
        }
    }

    /// The element type.
    public var elementType: ElementType
    /// The dimensions, outermost first.
    public var shape: [Int]
    /// The raw values as stored (big-endian for multi-byte types).
    public var data: [UInt8]

    /// Creates an IDX array from raw big-endian values.
    /// - Parameters:
    ///   - elementType: the element type.
    ///   - shape: the dimensions; their product times the element size must equal `data.count`.
    ///   - data: the values as stored in the file.
    public init(elementType: ElementType, shape: [Int], data: [UInt8]) throws {
        guard shape.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }), shape.count <= 255 else {
            throw SwiftKerasError.invalidArgument("IDX dimensions must be 0...\(UInt32.max) and at most 255 of them, got \(shape)")
        }
        let expected = shape.reduce(elementType.size, *)
        guard expected == data.count else {
            throw SwiftKerasError.invalidArgument("IDX shape \(shape) of \(elementType) needs \(expected) bytes, got \(data.count)")
        }
        self.elementType = elementType
        self.shape = shape
        self.data = data
    }

    /// Creates a uint8 IDX array, as MNIST stores images and labels.
    public init(uint8 values: [UInt8], shape: [Int]) throws {
        try self.init(elementType: .uint8, shape: shape, data: values)
    }

    /// The largest data section `init(contentsOf:)` inflates by default (1 GiB): a gzip file declaring more
    /// is rejected before it is decompressed.
    public static let defaultMaximumDataSize = 1 << 30

    /// Parses an IDX file (already decompressed).
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - name: the file name quoted in errors.
    public init(parsing bytes: [UInt8], name: String) throws {
        let header = try Self.header(bytes, name: name, maximumDataSize: Int.max)
        guard header.dataSize == bytes.count - header.length else {
            throw SwiftKerasError.fileFormat(name, offset: 4,
                "IDX header sizes \(header.shape) of \(header.type) need \(header.dataSize) data bytes, but the file has \(bytes.count - header.length) after its \(header.length)-byte header")
        }
        elementType = header.type
        shape = header.shape
        data = LargeBuffers.copy(bytes[header.length...])
    }

    /// Reads an IDX file, gzip-compressed (`.gz`, detected by its magic bytes) or not.
    ///
    /// A gzip file's IDX header is decompressed and checked first, and the rest is inflated only up to the
    /// size that header declares, so a compression bomb fails after at most `maximumDataSize` bytes.
    /// - Parameters:
    ///   - path: the file.
    ///   - maximumDataSize: the largest data section accepted, in bytes.
    public init(contentsOf path: String, maximumDataSize: Int = IDXFile.defaultMaximumDataSize) throws {
        let raw = try readFileBytes(path)
        guard Gzip.isGzip(raw) else {
            _ = try Self.header(raw, name: path, maximumDataSize: maximumDataSize)
            try self.init(parsing: raw, name: path)
            return
        }
        let header = try Self.header(try Gzip.decompressPrefix(raw, count: 4 + 4 * 255, name: path), name: path,
                                     maximumDataSize: maximumDataSize)
        try self.init(parsing: try Gzip.decompress(raw, name: path, maximumSize: header.length + header.dataSize), name: path)
    }

    /// The header at the start of `bytes`: element type, shape, header length and the data size it declares,
    /// which must not pass `maximumDataSize`.
    static func header(_ bytes: [UInt8], name: String, maximumDataSize: Int) throws
        -> (type: ElementType, shape: [Int], length: Int, dataSize: Int) {
        var reader = ByteReader(bytes, name: name)
        guard try reader.readUInt8("IDX magic") == 0, try reader.readUInt8("IDX magic") == 0 else {
            throw reader.error("wrong IDX magic: expected the first two bytes to be 0 (e.g. 00 00 08 03 for images, 00 00 08 01 for labels)", at: 0)
        }
        let typeByte = try reader.readUInt8("IDX element type")
        guard let type = ElementType(rawValue: typeByte) else {
            throw reader.error("wrong IDX magic: unknown element type 0x\(String(typeByte, radix: 16)) (expected 08, 09, 0B, 0C, 0D or 0E)", at: 2)
        }
        let rank = Int(try reader.readUInt8("IDX dimension count"))
        var shape: [Int] = []
        for axis in 0..<rank { shape.append(Int(try reader.readUInt32BE("IDX dimension \(axis)"))) }
        // Multiply with overflow checks: a corrupted header may declare absurd sizes.
        var expected = type.size
        for size in shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            guard !overflow else { throw reader.error("IDX header sizes \(shape) overflow", at: 4) }
            expected = product
        }
        guard expected <= maximumDataSize else {
            throw reader.error("IDX header sizes \(shape) of \(type) declare \(expected) data bytes, more than the \(maximumDataSize) accepted", at: 4)
        }
        return (type, shape, reader.offset, expected)
    }

    /// The file's bytes: header then values.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, elementType.rawValue, UInt8(shape.count)]
        for size in shape { bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: size >> $0) } }
        return bytes + data
    }

    /// Writes the file atomically (uncompressed).
    public func write(to path: String) throws {
        try AtomicFile.write(Data(serialized()), to: path)
    }

    /// The values converted to Float, in storage order.
    public func floats() -> [Float] {
        let count = data.count / elementType.size
        return data.withUnsafeBufferPointer { raw in
            LargeBuffers.makeArray(count: count) { (floats: UnsafeMutableBufferPointer<Float>) in
                let bytes = raw.baseAddress!
                switch elementType {
                case .uint8: for i in 0..<count { floats[i] = Float(bytes[i]) }
                case .int8: for i in 0..<count { floats[i] = Float(Int8(bitPattern: bytes[i])) }
                case .int16: for i in 0..<count { floats[i] = Float(Int16(bitPattern: UInt16(truncatingIfNeeded: Self.bigEndian(bytes + 2 * i, 2)))) }
                case .int32: for i in 0..<count { floats[i] = Float(Int32(bitPattern: UInt32(Self.bigEndian(bytes + 4 * i, 4)))) }
                case .float32: for i in 0..<count { floats[i] = Float(bitPattern: UInt32(Self.bigEndian(bytes + 4 * i, 4))) }
                case .float64: for i in 0..<count { floats[i] = Float(Double(bitPattern: Self.bigEndian(bytes + 8 * i, 8))) }
                }
            }
        }
    }

    /// The values as a Tensor of `shape`.
    public func tensor() -> Tensor { Tensor(shape: shape, scalars: floats()) }

    private static func bigEndian(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<count { value = value << 8 | UInt64(bytes[index]) }
        return value
    }
}
