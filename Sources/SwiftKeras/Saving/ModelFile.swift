import Foundation

/// The `.swiftkeras` container: a fixed header, a JSON document, and the raw float32 data it points into.
///
/// ```
/// offset  size
///  0       8   magic "SWKMODEL"
///  8       4   format version (UInt32, little-endian; this reader knows version 1)
/// 12       4   reserved, 0
/// 16       8   J, the JSON length (UInt64)
/// 24       8   D, the data length (UInt64)
/// 32       4   CRC-32 of the JSON
/// 36       4   CRC-32 of the data
/// 40       4   CRC-32 of bytes 0..<40
/// 44       J   the JSON document (UTF-8): the Keras-like model config, the weight and optimizer-slot tables
/// 44+J     D   the tensors, float32 little-endian, at the byte offsets the tables give (relative to 44+J)
/// ```
/// The file size must be exactly 44 + J + D, so truncation and trailing bytes are caught before anything is
/// parsed, and the three checksums catch any corrupted byte.
struct ModelFile {
    /// The parsed JSON document.
    let document: ConfigReader
    /// The file (for reading tensors).
    let file: SavedBytes
    /// Where the data section starts.
    let dataStart: Int
    /// The data section's length.
    let dataLength: Int

    static let magic: [UInt8] = Array("SWKMODEL".utf8)
    static let formatVersion: UInt32 = 1
    static let headerSize = 44

    /// Whether `bytes` start like a SwiftKeras model file.
    static func hasMagic(_ bytes: [UInt8]) -> Bool { bytes.count >= 8 && Array(bytes[0..<8]) == magic }

    /// The bytes of a model file holding `document` and `data`.
    static func encode(document: JSONValue, data: Data) -> Data {
        let json = JSONWriter.data(document)
        var header = Data(magic)
        LittleEndianBytes.append(formatVersion, to: &header)
        LittleEndianBytes.append(UInt32(0), to: &header)
        LittleEndianBytes.append(UInt64(json.count), to: &header)
        LittleEndianBytes.append(UInt64(data.count), to: &header)
        LittleEndianBytes.append(CRC32.checksum(json), to: &header)
        LittleEndianBytes.append(CRC32.checksum(data), to: &header)
        LittleEndianBytes.append(CRC32.checksum(header), to: &header)
        return header + json + data
    }

    /// Reads and checks a model file: magic, version, lengths against the file size, the checksums, the JSON.
    init(_ file: SavedBytes) throws {
        let path = file.path
        guard file.count >= Self.headerSize else {
            throw SwiftKerasError.fileFormat(path,
                "truncated: \(file.count) bytes, a SwiftKeras model file has a \(Self.headerSize)-byte header")
        }
        guard Self.hasMagic(file.bytes) else {
            throw SwiftKerasError.fileFormat(path, offset: 0, "not a SwiftKeras model file (expected the magic \"SWKMODEL\")")
        }
        let version = try file.integer(UInt32.self, at: 8, "the format version")
        guard version == Self.formatVersion else {
            throw SwiftKerasError.fileFormat(path, offset: 8,
                "unsupported format version \(version); this SwiftKeras reads version \(Self.formatVersion)\(version > Self.formatVersion ? " (the file was written by a newer SwiftKeras)" : "")")
        }
        let headerChecksum = try file.integer(UInt32.self, at: 40, "the header checksum")
        guard CRC32.checksum(file.bytes[0..<40]) == headerChecksum else {
            throw SwiftKerasError.fileFormat(path, offset: 0, "the header is corrupted (CRC-32 mismatch in bytes 0..<40)")
        }
        let jsonLength = try file.integer(UInt64.self, at: 16, "the JSON length")
        let dataLength = try file.integer(UInt64.self, at: 24, "the data length")
        let available = UInt64(file.count - Self.headerSize)
        guard jsonLength <= available, dataLength <= available - jsonLength else {
            throw SwiftKerasError.fileFormat(path, offset: 16,
                "truncated: the header promises \(jsonLength) bytes of JSON and \(dataLength) of data, the file has \(available) after the header")
        }
        guard jsonLength + dataLength == available else {
            throw SwiftKerasError.fileFormat(path, offset: Self.headerSize + Int(jsonLength + dataLength),
                "\(available - jsonLength - dataLength) unexpected trailing bytes after the data")
        }
        let jsonStart = Self.headerSize, dataStart = Self.headerSize + Int(jsonLength)
        guard CRC32.checksum(file.bytes[jsonStart..<dataStart]) == (try file.integer(UInt32.self, at: 32, "the JSON checksum")) else {
            throw SwiftKerasError.fileFormat(path, offset: jsonStart, "the JSON section is corrupted (CRC-32 mismatch)")
        }
        guard CRC32.checksum(file.bytes[dataStart...]) == (try file.integer(UInt32.self, at: 36, "the data checksum")) else {
            throw SwiftKerasError.fileFormat(path, offset: dataStart, "the data section is corrupted (CRC-32 mismatch)")
        }
        document = ConfigReader(path: path, value: try file.json(Int(jsonLength), at: jsonStart, "the model JSON"), place: "document")
        self.file = file
        self.dataStart = dataStart
        self.dataLength = Int(dataLength)
    }

    /// The tensor a table entry `{"name", "shape", "offset"}` points to. Tensors are stored back to back in
    /// table order, so the entry must start at `cursor` (which then moves past it): no tensor can overlap another
    /// or read past the data section.
    func tensor(_ entry: ConfigReader, cursor: inout Int) throws -> (name: String, tensor: Tensor) {
        let name = try entry.string("name")
        let shape = try entry.member("shape").ints()
        let offset = try entry.int("offset", in: 0...dataLength)
        guard offset == cursor else {
            throw entry.failure("tensor \(name) starts at data offset \(offset), expected \(cursor) (tensors are stored back to back)")
        }
        guard let count = checkedElementCount(shape), count <= (dataLength - offset) / 4 else {
            throw entry.failure("tensor \(name) of shape \(shape) does not fit in the \(dataLength)-byte data section at offset \(offset)")
        }
        cursor = offset + 4 * count
        return (name, Tensor(shape: shape, scalars: try file.floats(count, at: dataStart + offset, name)))
    }
}

/// Collects tensors into a model file's data section and describes each as a table entry.
struct TensorBlobWriter {
    /// The data section so far.
    private(set) var data = Data()

    /// Appends `tensor` and returns its table entry `{"name", "shape", "offset"}`.
    mutating func add(_ name: String, _ tensor: Tensor) -> JSONValue {
        let entry: JSONValue = .object(["name": .string(name), "shape": .array(tensor.shape.map { .number(Double($0)) }),
                                        "offset": .number(Double(data.count))])
        LittleEndianBytes.append(tensor.scalars, to: &data)
        return entry
    }
}
