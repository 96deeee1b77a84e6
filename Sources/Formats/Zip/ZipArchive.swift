import Foundation

/// A zip archive read into memory: member listing and extraction of stored and deflated members, with
/// Zip64 sizes (NumPy's `savez` writes them) and CRC-32 checks. `.npz` files are zip archives of `.npy` files.
public struct ZipArchive {
    /// One member of the archive, as the central directory describes it.
    public struct Member: Equatable, Sendable {
        /// The member's path inside the archive.
        public var name: String
        /// The compression method: 0 stored, 8 deflated.
        public var method: UInt16
        /// The CRC-32 of the uncompressed contents.
        public var crc32: UInt32
        /// The compressed size in bytes.
        public var compressedSize: Int
        /// The uncompressed size in bytes.
        public var uncompressedSize: Int
        /// The offset of the member's local header in the archive.
        public var localHeaderOffset: Int
        /// The general-purpose flags (bit 0: encrypted).
        public var flags: UInt16
    }

    /// The archive's path or name, quoted in errors.
    public let name: String
    /// The members in central-directory order.
    public let members: [Member]
    private let bytes: [UInt8]

    /// Opens the zip archive at `path`.
    public init(path: String) throws {
        try self.init(bytes: try readFileBytes(path), name: path)
    }

    /// Parses an archive held in memory.
    /// - Parameters:
    ///   - bytes: the whole archive.
    ///   - name: the name quoted in errors.
    public init(bytes: [UInt8], name: String) throws {
        self.bytes = bytes
        self.name = name
        members = try Self.readCentralDirectory(bytes, name: name)
    }

    /// The member names, in archive order.
    public var memberNames: [String] { members.map(\.name) }

    /// The decompressed contents of the member called `memberName`.
    public func extract(_ memberName: String) throws -> [UInt8] {
        guard let member = members.first(where: { $0.name == memberName }) else {
            throw SwiftKerasError.fileFormat(name, "zip member '\(memberName)' is missing; the archive holds \(memberNames)")
        }
        return try extract(member)
    }

    /// The decompressed contents of `member`, checked against its CRC-32.
    public func extract(_ member: Member) throws -> [UInt8] {
        let label = "\(name) (member '\(member.name)')"
        guard member.flags & 1 == 0 else { throw SwiftKerasError.fileFormat(label, "encrypted zip members are not supported") }
        var reader = ByteReader(bytes, name: label, offset: member.localHeaderOffset)
        guard try reader.readUInt32LE("local file header signature") == 0x0403_4B50 else {
            throw reader.error("no local file header signature (50 4b 03 04) where the central directory points", at: member.localHeaderOffset)
        }
        try reader.skip(22, "local file header")
        let nameLength = Int(try reader.readUInt16LE("local name length"))
        let extraLength = Int(try reader.readUInt16LE("local extra length"))
        try reader.skip(nameLength + extraLength, "local name and extra field")
        let start = reader.offset
        try reader.require(member.compressedSize, for: "the member's \(member.compressedSize) compressed bytes")
        let contents: [UInt8]
        switch member.method {
        case 0:
            guard member.compressedSize == member.uncompressedSize else {
                throw reader.error("stored member has compressed size \(member.compressedSize) but uncompressed size \(member.uncompressedSize)")
            }
            contents = Array(bytes[start..<start + member.compressedSize])
        case 8:
            contents = try bytes.withUnsafeBufferPointer { buffer in
                try Inflate.decompress(buffer, range: start..<start + member.compressedSize, name: label,
                                       expectedSize: member.uncompressedSize).output
            }
        default:
            throw reader.error("unsupported zip compression method \(member.method) (only 0, stored, and 8, deflated)")
        }
        let crc = CRC32.checksum(contents)
        guard crc == member.crc32 else {
            throw reader.error("CRC-32 mismatch: the directory says 0x\(String(member.crc32, radix: 16)), the data gives 0x\(String(crc, radix: 16))", at: start)
        }
        return contents
    }

    /// The first `count` bytes or so of `member`'s contents (fewer when it is shorter), unchecked: enough to
    /// read a header before trusting the sizes it declares.
    public func prefix(of member: Member, count: Int) throws -> [UInt8] {
        let label = "\(name) (member '\(member.name)')"
        var reader = ByteReader(bytes, name: label, offset: member.localHeaderOffset)
        try reader.skip(26, "local file header")
        let nameLength = Int(try reader.readUInt16LE("local name length"))
        let extraLength = Int(try reader.readUInt16LE("local extra length"))
        try reader.skip(nameLength + extraLength, "local name and extra field")
        let start = reader.offset
        try reader.require(member.compressedSize, for: "the member's \(member.compressedSize) compressed bytes")
        switch member.method {
        case 8:
            return try bytes.withUnsafeBufferPointer { buffer in
                try Inflate.decompress(buffer, range: start..<start + member.compressedSize, name: label,
                                       maximumSize: count + 258, prefixOnly: true).output
            }
        default: return Array(bytes[start..<start + min(count, member.compressedSize)])
        }
    }

    private static func readCentralDirectory(_ bytes: [UInt8], name: String) throws -> [Member] {
        // The end-of-central-directory record is in the last 22 + 65535 bytes (it may end with a comment).
        let searchStart = max(0, bytes.count - 22 - 65535)
        var endRecord: Int?
        var candidate = bytes.count - 22
        while candidate >= searchStart {
            if bytes[candidate] == 0x50, bytes[candidate + 1] == 0x4B, bytes[candidate + 2] == 5, bytes[candidate + 3] == 6 {
                endRecord = candidate
                break
            }
            candidate -= 1
        }
        guard let endRecord else {
            throw SwiftKerasError.fileFormat(name, "not a zip archive: no end-of-central-directory record (50 4b 05 06) in the last bytes")
        }
        var reader = ByteReader(bytes, name: name, offset: endRecord + 10)
        var count = Int(try reader.readUInt16LE("member count"))
        try reader.skip(4, "central directory size")
        var directoryOffset = Int(try reader.readUInt32LE("central directory offset"))
        if count == 0xFFFF || directoryOffset == 0xFFFF_FFFF, endRecord >= 20,
           ByteReader(bytes, name: name, offset: endRecord - 20).peekSignature() == 0x0706_4B50 {
            var locator = ByteReader(bytes, name: name, offset: endRecord - 12)
            var zip64 = ByteReader(bytes, name: name, offset: Int(clamping: try locator.readUInt64LE("Zip64 record offset")))
            guard try zip64.readUInt32LE("Zip64 end record signature") == 0x0606_4B50 else {
                throw zip64.error("no Zip64 end-of-central-directory record where the locator points")
            }
            try zip64.skip(20, "Zip64 end record")
            count = Int(clamping: try zip64.readUInt64LE("Zip64 member count"))
            try zip64.skip(8, "Zip64 directory size")
            directoryOffset = Int(clamping: try zip64.readUInt64LE("Zip64 directory offset"))
        }
        guard count <= bytes.count / 46 else {
            throw reader.error("the archive claims \(count) members, more than its \(bytes.count) bytes can hold", at: endRecord)
        }
        var directory = ByteReader(bytes, name: name, offset: directoryOffset)
        var members: [Member] = []
        for index in 0..<count {
            let entryOffset = directory.offset
            guard try directory.readUInt32LE("central directory entry \(index)") == 0x0201_4B50 else {
                throw directory.error("central directory entry \(index) has no signature (50 4b 01 02)", at: entryOffset)
            }
            try directory.skip(4, "versions")
            let flags = try directory.readUInt16LE("flags")
            let method = try directory.readUInt16LE("compression method")
            try directory.skip(4, "modification time")
            let crc = try directory.readUInt32LE("CRC-32")
            var compressed = UInt64(try directory.readUInt32LE("compressed size"))
            var uncompressed = UInt64(try directory.readUInt32LE("uncompressed size"))
            let nameLength = Int(try directory.readUInt16LE("name length"))
            let extraLength = Int(try directory.readUInt16LE("extra length"))
            let commentLength = Int(try directory.readUInt16LE("comment length"))
            try directory.skip(8, "disk number and attributes")
            var localOffset = UInt64(try directory.readUInt32LE("local header offset"))
            let nameBytes = try directory.readBytes(nameLength, "member name")
            var extra = ByteReader(Array(try directory.readBytes(extraLength, "extra field")), name: name)
            try directory.skip(commentLength, "member comment")
            // Zip64 extra field (id 1): 64-bit values for the fields saturated at 0xFFFFFFFF, in this order.
            while extra.remaining >= 4 {
                let id = try extra.readUInt16LE("extra field id")
                let size = Int(try extra.readUInt16LE("extra field size"))
                guard id == 1 else { try extra.skip(min(size, extra.remaining), "extra field"); continue }
                if uncompressed == 0xFFFF_FFFF { uncompressed = try extra.readUInt64LE("Zip64 uncompressed size") }
                if compressed == 0xFFFF_FFFF { compressed = try extra.readUInt64LE("Zip64 compressed size") }
                if localOffset == 0xFFFF_FFFF { localOffset = try extra.readUInt64LE("Zip64 local header offset") }
                break
            }
            guard compressed <= UInt64(bytes.count), localOffset < UInt64(bytes.count), uncompressed < 1 << 40 else {
                throw directory.error("member \(index) has impossible sizes or offset (compressed \(compressed), uncompressed \(uncompressed), offset \(localOffset)) for a \(bytes.count)-byte archive", at: entryOffset)
            }
            members.append(Member(name: String(decoding: nameBytes, as: UTF8.self), method: method, crc32: crc,
                                  compressedSize: Int(compressed), uncompressedSize: Int(uncompressed),
                                  localHeaderOffset: Int(localOffset), flags: flags))
        }
        return members
    }
}

extension ByteReader {
    /// The little-endian 32-bit value at the cursor, or 0 when fewer than 4 bytes are left.
    func peekSignature() -> UInt32 {
        var copy = self
        return (try? copy.readUInt32LE("signature")) ?? 0
    }
}
