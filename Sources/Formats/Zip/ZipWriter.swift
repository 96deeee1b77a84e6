import Foundation

extension ZipArchive {
    /// Builds a zip archive holding `entries` (no Zip64: each member and the archive stay under 4 GiB).
    ///
    /// Layout: for each member a local header (signature 50 4b 03 04) and its data, then the central
    /// directory (50 4b 01 02 per member) and the end record (50 4b 05 06).
    /// - Parameters:
    ///   - entries: member names and contents, in order.
    ///   - compressed: deflate the members (method 8) or store them (method 0).
    /// - Returns: the archive's bytes.
    public static func archive(_ entries: [(name: String, contents: [UInt8])], compressed: Bool = true) throws -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let data = compressed ? Deflate.compress(entry.contents) : entry.contents
            let name = Array(entry.name.utf8)
            guard output.count < Int(UInt32.max), entry.contents.count < Int(UInt32.max), name.count <= 0xFFFF else {
                throw SwiftKerasError.invalidArgument("zip member '\(entry.name)' is too large for an archive without Zip64")
            }
            let fields = Fields(method: compressed ? 8 : 0, crc: CRC32.checksum(entry.contents),
                                compressedSize: UInt32(data.count), size: UInt32(entry.contents.count), nameLength: UInt16(name.count))
            directory += le32(0x0201_4B50) + le16(20) + fields.common + le16(0) + le16(0) + le16(0) + le32(0)
                + le32(UInt32(output.count)) + name
            output += le32(0x0403_4B50) + fields.common + name + data
        }
        guard entries.count < 0xFFFF, output.count + directory.count < Int(UInt32.max) else {
            throw SwiftKerasError.invalidArgument("zip archive of \(entries.count) members is too large without Zip64")
        }
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
            + le32(UInt32(directory.count)) + le32(UInt32(output.count)) + le16(0)
        return output + directory + end
    }

    /// Writes a zip archive holding `entries` atomically to `path`.
    public static func write(_ entries: [(name: String, contents: [UInt8])], to path: String, compressed: Bool = true) throws {
        try AtomicFile.write(Data(try archive(entries, compressed: compressed)), to: path)
    }

    /// The header fields shared by the local header and the central directory entry.
    private struct Fields {
        var method: UInt16, crc: UInt32, compressedSize: UInt32, size: UInt32, nameLength: UInt16

        /// version needed, flags, method, time, date, CRC-32, sizes, name length, extra length.
        var common: [UInt8] {
            le16(20) + le16(0) + le16(method) + le16(0) + le16(0x21) + le32(crc) + le32(compressedSize) + le32(size)
                + le16(nameLength) + le16(0)
        }
    }
}

private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }

extension ZipArchive {
    /// The array stored as `key.npy` in an `.npz` archive (the key as `numpy.load(...)[key]` takes it).
    ///
    /// The member's `.npy` header is decompressed and checked first: the size it declares must match the
    /// directory's and stay within `maximumDataSize`, so a compression bomb is rejected before it inflates.
    public func numPyArray(_ key: String, maximumDataSize: Int = 1 << 30) throws -> NumPyArray {
        let memberName = key.hasSuffix(".npy") ? key : key + ".npy"
        let label = "\(name) (member '\(memberName)')"
        guard let member = members.first(where: { $0.name == memberName }) else { return try NumPyArray(parsing: try extract(memberName), name: label) }
        let header = try NumPyArray.header(try prefix(of: member, count: 12 + 100_000), name: label)
        guard header.dataSize <= maximumDataSize, header.length + header.dataSize == member.uncompressedSize else {
            throw SwiftKerasError.fileFormat(label, ".npy header shape \(header.shape) of \(header.dtype.rawValue) declares \(header.dataSize) data bytes; the zip directory says the member holds \(member.uncompressedSize) bytes in all, and at most \(maximumDataSize) data bytes are accepted")
        }
        return try NumPyArray(parsing: try extract(member), name: label)
    }
}
