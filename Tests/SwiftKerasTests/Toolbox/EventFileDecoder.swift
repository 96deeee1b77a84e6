import Foundation

/// An independent reader of TensorBoard event files for the tests: its own bitwise CRC-32C, TFRecord parsing
/// with both checksums verified, and a minimal protocol-buffer decoder for `Event` and `Summary.Value`.
enum EventFileDecoder {
    /// One decoded `Event`.
    struct Event {
        var wallTime: Double?
        var step: Int64 = 0
        var fileVersion: String?
        var scalars: [(tag: String, value: Float)] = []
    }

    enum Failure: Error {
        case truncated(Int)
        case badLengthChecksum(Int)
        case badDataChecksum(Int)
        case badProtobuf(String)
    }

    /// CRC-32C bit by bit (polynomial 0x82F63B78 reflected), deliberately unlike the library's table version.
    static func crc32c(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0x82F6_3B78 & (0 &- (crc & 1))) }
        }
        return ~crc
    }

    static func masked(_ crc: UInt32) -> UInt32 { ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8 }

    private static func uint(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> UInt64 {
        (0..<width).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }

    /// The records of a TFRecord file, each checked against its two masked CRC-32Cs.
    static func records(_ bytes: [UInt8]) throws -> [[UInt8]] {
        var records: [[UInt8]] = [], offset = 0
        while offset < bytes.count {
            guard offset + 12 <= bytes.count else { throw Failure.truncated(offset) }
            let length = Int(uint(bytes, offset, 8))
            guard UInt32(uint(bytes, offset + 8, 4)) == masked(crc32c(bytes[offset..<offset + 8])) else {
                throw Failure.badLengthChecksum(offset)
            }
            let start = offset + 12, end = start + length
            guard end + 4 <= bytes.count else { throw Failure.truncated(offset) }
            guard UInt32(uint(bytes, end, 4)) == masked(crc32c(bytes[start..<end])) else { throw Failure.badDataChecksum(offset) }
            records.append(Array(bytes[start..<end]))
            offset = end + 4
        }
        return records
    }

    /// The fields of a protobuf message: (number, wire type, varint or fixed value, length-delimited bytes).
    static func fields(_ bytes: [UInt8]) throws -> [(number: Int, wireType: Int, value: UInt64, data: [UInt8])] {
        var fields: [(Int, Int, UInt64, [UInt8])] = [], offset = 0
        func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                guard offset < bytes.count, shift < 64 else { throw Failure.badProtobuf("varint at \(offset)") }
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
        while offset < bytes.count {
            let key = try varint()
            let number = Int(key >> 3), wireType = Int(key & 7)
            switch wireType {
            case 0: fields.append((number, 0, try varint(), []))
            case 1, 5:
                let width = wireType == 1 ? 8 : 4
                guard offset + width <= bytes.count else { throw Failure.badProtobuf("fixed field at \(offset)") }
                fields.append((number, wireType, uint(bytes, offset, width), []))
                offset += width
            case 2:
                let length = Int(try varint())
                guard offset + length <= bytes.count else { throw Failure.badProtobuf("length \(length) at \(offset)") }
                fields.append((number, 2, UInt64(length), Array(bytes[offset..<offset + length])))
                offset += length
            default: throw Failure.badProtobuf("wire type \(wireType)")
            }
        }
        return fields
    }

    /// The events of an event file.
    static func events(atPath path: String) throws -> [Event] {
        try records(Array(try Data(contentsOf: URL(fileURLWithPath: path)))).map { record in
            var event = Event()
            for field in try fields(record) {
                switch (field.number, field.wireType) {
                case (1, 1): event.wallTime = Double(bitPattern: field.value)
                case (2, 0): event.step = Int64(bitPattern: field.value)
                case (3, 2): event.fileVersion = String(decoding: field.data, as: UTF8.self)
                case (5, 2):
                    for value in try fields(field.data) where value.number == 1 && value.wireType == 2 {
                        var tag = "", scalar = Float.nan
                        for part in try fields(value.data) {
                            if part.number == 1 { tag = String(decoding: part.data, as: UTF8.self) }
                            if part.number == 2 && part.wireType == 5 { scalar = Float(bitPattern: UInt32(part.value)) }
                        }
                        event.scalars.append((tag, scalar))
                    }
                default: throw Failure.badProtobuf("unexpected Event field \(field.number) of wire type \(field.wireType)")
                }
            }
            return event
        }
    }
}
