/// Encodes a protocol-buffer message by hand, field by field, in the wire format: each field is a varint key
/// `(number << 3) | wireType` followed by a varint (type 0), 8 little-endian bytes (type 1), a varint length and
/// the bytes (type 2: strings and nested messages) or 4 little-endian bytes (type 5).
///
/// ```swift
/// var value = ProtobufWriter()
/// value.string(1, "epoch_loss")
/// value.float(2, 0.25)
/// ```
public struct ProtobufWriter {
    /// The encoded message so far.
    public private(set) var bytes: [UInt8] = []

    /// Starts an empty message.
    public init() {}

    /// Appends `value` as a base-128 varint (7 bits a byte, least significant first).
    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private mutating func key(_ field: Int, _ wireType: UInt64) { varint(UInt64(field) << 3 | wireType) }

    private mutating func littleEndian<Word: FixedWidthInteger>(_ word: Word) {
        withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// An `int64`/`uint64`/`bool`/enum field (negative numbers take ten bytes, as protobuf's int64 does).
    public mutating func int64(_ field: Int, _ value: Int64) {
        key(field, 0)
        varint(UInt64(bitPattern: value))
    }

    /// A `double` field.
    public mutating func double(_ field: Int, _ value: Double) {
        key(field, 1)
        littleEndian(value.bitPattern)
    }

    /// A `float` field.
    public mutating func float(_ field: Int, _ value: Float) {
        key(field, 5)
        littleEndian(value.bitPattern)
    }

    /// A `bytes` field.
    public mutating func data(_ field: Int, _ value: [UInt8]) {
        key(field, 2)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// A `string` field (UTF-8).
    public mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    /// A nested message field.
    public mutating func message(_ field: Int, _ message: ProtobufWriter) { data(field, message.bytes) }
}
