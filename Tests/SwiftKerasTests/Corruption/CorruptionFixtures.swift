import Foundation
@testable import SwiftKeras

/// Builders of corrupted files for `CorruptionAcceptanceTests`: random damage, compression bombs written bit
/// by bit, and a minimal zip writer that lets a member's directory entry lie.
enum CorruptionFixtures {
    /// One random damage to `file`: 1 to 3 bit flips, a truncation, an inserted or a deleted byte.
    static func damage(_ file: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
        var copy = file
        switch generator.next() % 4 {
        case 0:
            for _ in 0...(generator.next() % 3) { copy[Int(generator.next() % UInt64(copy.count))] ^= 1 << UInt8(generator.next() % 8) }
        case 1: copy.removeLast(1 + Int(generator.next() % UInt64(copy.count)))
        case 2: copy.insert(UInt8(truncatingIfNeeded: generator.next()), at: Int(generator.next() % UInt64(copy.count)))
        default: copy.remove(at: Int(generator.next() % UInt64(copy.count)))
        }
        return copy
    }

    /// `bytes` with the little-endian 32- or 64-bit field at `offset` replaced by `value`.
    static func overwrite<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, with value: T) -> [UInt8] {
        var copy = bytes
        for index in 0..<MemoryLayout<T>.size { copy[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        return copy
    }

    /// A raw DEFLATE stream (one fixed-Huffman block) holding `prefix` followed by `zeros` zero bytes, written
    /// as 258-byte matches at distance 1: about 13 bits per 258 bytes, so 1 GiB takes 6.5 MB.
    static func deflateBomb(prefix: [UInt8], zeros: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, bits: 1)  // final block
        writer.write(1, bits: 2)  // fixed Huffman
        for byte in prefix + [0] { writer.literal(byte) }
        // Length code 285 (258 bytes, 8 bits 11000101) then distance code 0 (distance 1, 5 zero bits).
        let match: UInt64 = 0b1010_0011
        for _ in 0..<(max(zeros - 1, 0) / 258) { writer.write(match, bits: 13) }
        writer.write(0, bits: 7)  // end of block (code 256)
        return writer.finish()
    }

    /// A gzip file whose body is `deflate` (the trailer's CRC and length are whatever `claimedLength` says).
    static func gzip(_ deflate: [UInt8], claimedLength: UInt32 = 0) -> [UInt8] {
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + deflate + [0, 0, 0, 0] + (0..<4).map { UInt8(truncatingIfNeeded: claimedLength >> (8 * $0)) }
    }

    /// A zip archive of deflated members given as raw streams, with the sizes and CRCs the caller claims.
    static func zip(_ members: [(name: String, deflate: [UInt8], crc: UInt32, size: UInt32)]) -> [UInt8] {
        var body: [UInt8] = [], directory: [UInt8] = []
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        for member in members {
            let name = Array(member.name.utf8)
            let common = le16(20) + le16(0) + le16(8) + le16(0) + le16(0x21) + le32(member.crc)
                + le32(UInt32(member.deflate.count)) + le32(member.size) + le16(name.count) + le16(0)
            directory += le32(0x0201_4B50) + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(body.count)) + name
            body += le32(0x0403_4B50) + common + name + member.deflate
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(members.count) + le16(members.count)
            + le32(UInt32(directory.count)) + le32(UInt32(body.count)) + le16(0)
        return body + directory + end
    }

    /// The process's peak resident memory in bytes (`VmHWM`), or 0 where /proc is absent.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ")[1]) else { return 0 }
        return kilobytes * 1024
    }

    /// An LSB-first bit writer, as DEFLATE packs its bits.
    private struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt64 = 0
        var count = 0

        mutating func write(_ value: UInt64, bits: Int) {
            buffer |= value << UInt64(count)
            count += bits
            while count >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                count -= 8
            }
        }

        /// Huffman codes are sent most significant bit first.
        mutating func writeReversed(_ code: UInt64, bits: Int) {
            var reversed: UInt64 = 0
            for bit in 0..<bits where code & (1 << UInt64(bit)) != 0 { reversed |= 1 << UInt64(bits - 1 - bit) }
            write(reversed, bits: bits)
        }

        /// A literal byte in the fixed code: 0...143 are 8 bits from 0x30, 144...255 are 9 bits from 0x190.
        mutating func literal(_ byte: UInt8) {
            if byte < 144 { writeReversed(0x30 + UInt64(byte), bits: 8) } else { writeReversed(0x190 + UInt64(byte) - 144, bits: 9) }
        }

        mutating func finish() -> [UInt8] {
            if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
            return bytes
        }
    }
}
