import Foundation

/// A NumPy `.npy` array: uint8, float32, float64 or int64, C order, little-endian.
///
/// File layout: the magic `\x93NUMPY`, a version (1.0: 2-byte header length; 2.0 and 3.0: 4-byte), a
/// Python dict literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with
/// spaces to a multiple of 64 bytes, then the values.
public struct NumPyArray: Equatable {
    /// The supported element types, named by their NumPy `descr`.
    public enum DType: String, Sendable, CaseIterable {
        /// Unsigned bytes (`|u1`; `<u1` is read too), as Keras's `mnist.npz` stores images and labels.
        case uint8 = "|u1"
        /// Little-endian 32-bit floats.
        case float32 = "<f4"
        /// Little-endian 64-bit floats.
        case float64 = "<f8"
        /// Little-endian 64-bit integers.
        case int64 = "<i8"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .uint8: 1
            case .float32: 4
            case .float64, .int64: 8
            }
        }
    }

    /// The element type.
    public var dtype: DType
    /// The dimensions, outermost first (`[]` for a scalar).
    public var shape: [Int]
    /// The raw little-endian values in C order.
    public var data: [UInt8]

    /// Creates an array from raw little-endian values.
    /// - Parameters:
    ///   - dtype: the element type.
    ///   - shape: the dimensions; their product times the element size must equal `data.count`.
    ///   - data: the values in C order.
    public init(dtype: DType, shape: [Int], data: [UInt8]) throws {
        let expected = shape.reduce(dtype.size, *)
        guard shape.allSatisfy({ $0 >= 0 }), expected == data.count else {
            throw SwiftKerasError.invalidArgument(".npy shape \(shape) of \(dtype) needs \(expected) bytes, got \(data.count)")
        }
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    /// Creates a float32 array from `values` in C order (`shape`'s product must be `values.count`); the
    /// `Tensor` initializer in SwiftKeras uses it.
    package init(shape: [Int], float32Values values: [Float]) {
        dtype = .float32
        self.shape = shape
        data = values.withUnsafeBytes { Array($0) }
    }

    /// Parses a `.npy` file.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - name: the file name quoted in errors.
    public init(parsing bytes: [UInt8], name: String) throws {
        let header = try Self.header(bytes, name: name)
        guard header.dataSize == bytes.count - header.length else {
            throw SwiftKerasError.fileFormat(name, offset: header.length,
                ".npy header shape \(header.shape) of \(header.dtype.rawValue) needs \(header.dataSize) data bytes, but the file has \(bytes.count - header.length)")
        }
        dtype = header.dtype
        shape = header.shape
        data = LargeBuffers.copy(bytes[header.length...])
    }

    /// The header at the start of `bytes` (which may hold only the file's first bytes): the dtype, the shape,
    /// the offset where the values start and how many bytes of values the shape declares.
    public static func header(_ bytes: [UInt8], name: String) throws -> (dtype: DType, shape: [Int], length: Int, dataSize: Int) {
        var reader = ByteReader(bytes, name: name)
        let magic = try reader.readBytes(6, ".npy magic")
        guard magic.elementsEqual([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) else {
            throw reader.error("not a .npy file: expected the magic bytes \\x93NUMPY", at: 0)
        }
        let major = try reader.readUInt8(".npy version")
        _ = try reader.readUInt8(".npy version")
        let headerLength: Int
        switch major {
        case 1: headerLength = Int(try reader.readUInt16LE(".npy header length"))
        case 2, 3: headerLength = Int(try reader.readUInt32LE(".npy header length"))
        default: throw reader.error("unsupported .npy format version \(major) (expected 1, 2 or 3)", at: 6)
        }
        let headerStart = reader.offset
        let headerBytes = try reader.readBytes(headerLength, ".npy header")
        guard let header = String(bytes: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw reader.error("the .npy header is not valid text", at: headerStart)
        }
        let fields = try NumPyHeader(parsing: header, name: name, offset: headerStart)
        guard let dtype = DType(rawValue: fields.descr) ?? (fields.descr == "<u1" ? .uint8 : nil) else {
            throw reader.error("unsupported .npy dtype '\(fields.descr)' (supported: uint8 '|u1', float32 '<f4', float64 '<f8', int64 '<i8', little-endian)", at: headerStart)
        }
        guard !fields.fortranOrder else {
            throw reader.error("unsupported .npy layout: fortran_order is True (only C order is supported; save with np.ascontiguousarray)", at: headerStart)
        }
        var expected = dtype.size
        for size in fields.shape {
            let (product, overflow) = expected.multipliedReportingOverflow(by: size)
            guard size >= 0, !overflow else { throw reader.error(".npy shape \(fields.shape) overflows", at: headerStart) }
            expected = product
        }
        return (dtype, fields.shape, reader.offset, expected)
    }

    /// Reads a `.npy` file.
    public init(contentsOf path: String) throws {
        try self.init(parsing: try readFileBytes(path), name: path)
    }

    /// The `.npy` file's bytes (format version 1.0, or 2.0 when the header needs it).
    public func serialized() -> [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(dtype.rawValue)', 'fortran_order': False, 'shape': \(shapeText), }"
        let isVersion1 = header.utf8.count + 11 <= 65535
        let prefixLength = isVersion1 ? 10 : 12
        let padding = (64 - (prefixLength + header.utf8.count + 1) % 64) % 64
        header += String(repeating: " ", count: padding) + "\n"
        let length = header.utf8.count
        var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, isVersion1 ? 1 : 2, 0]
        bytes += isVersion1 ? [UInt8(length & 0xFF), UInt8(length >> 8)] : (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }
        return bytes + Array(header.utf8) + data
    }

    /// Writes the `.npy` file atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(Data(serialized()), to: path)
    }

    /// The values converted to Float, in C order.
    public func floats() -> [Float] {
        let count = data.count / dtype.size
        return data.withUnsafeBytes { raw in
            LargeBuffers.makeArray(count: count) { (floats: UnsafeMutableBufferPointer<Float>) in
                switch dtype {
                case .uint8: for i in 0..<count { floats[i] = Float(raw[i]) }
                case .float32: for i in 0..<count { floats[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                case .float64: for i in 0..<count { floats[i] = Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)))) }
                case .int64: for i in 0..<count { floats[i] = Float(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
                }
            }
        }
    }
}
