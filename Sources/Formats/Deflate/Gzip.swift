import Foundation

/// Reads gzip files (RFC 1952): header fields, the DEFLATE body, and the CRC-32 and length trailer.
///
/// Several concatenated members (as `cat a.gz b.gz` makes) decompress to the concatenation of their
/// contents; zero bytes after the last member are ignored, anything else is an error.
public enum Gzip {
    private static let flagText: UInt8 = 0x01, flagHeaderCRC: UInt8 = 0x02, flagExtra: UInt8 = 0x04
    private static let flagName: UInt8 = 0x08, flagComment: UInt8 = 0x10

    /// Decompresses gzip data, checking every member's CRC-32 and length.
    /// - Parameters:
    ///   - data: the whole .gz file.
    ///   - name: the file name quoted in errors.
    ///   - maximumSize: when given, decompressing more bytes than this throws as soon as the limit is passed,
    ///     so a compression bomb costs at most this much memory.
    /// - Returns: the decompressed bytes.
    public static func decompress(_ data: [UInt8], name: String = "gzip data", maximumSize: Int? = nil) throws -> [UInt8] {
        var output: [UInt8] = []
        var start = 0
        repeat {
            let member = try decompressMember(data, at: start, name: name, maximumSize: maximumSize.map { $0 - output.count })
            if output.isEmpty { output = member.output } else { output += member.output }
            start = member.end
            while start < data.count && data[start] == 0 { start += 1 }
            if start < data.count && data[start] != 0x1F {
                throw SwiftKerasError.fileFormat(name, offset: start, "unexpected bytes after the gzip trailer (not another gzip member)")
            }
        } while start < data.count
        return output
    }

    /// Decompresses gzip data.
    /// - Parameters:
    ///   - data: the whole .gz file.
    ///   - name: the file name quoted in errors.
    public static func decompress(_ data: Data, name: String = "gzip data") throws -> [UInt8] {
        try decompress([UInt8](data), name: name)
    }

    /// Reads and decompresses the gzip file at `path`.
    public static func decompress(contentsOf path: String) throws -> [UInt8] {
        try decompress(try readFileBytes(path), name: path)
    }

    /// Compresses `data` into a gzip file (one member, no file name, modification time 0).
    /// - Parameters:
    ///   - data: the bytes to compress.
    ///   - level: 0 stores the data uncompressed; 1...9 trade speed for size (see `Deflate.compress`).
    public static func compress(_ data: [UInt8], level: Int = 6) -> [UInt8] {
        let header: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]
        let crc = CRC32.checksum(data), length = UInt32(truncatingIfNeeded: data.count)
        let trailer = [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: crc >> $0) } + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: length >> $0) }
        return header + Deflate.compress(data, level: level) + trailer
    }

    /// The first bytes of the first member's contents (at least `count` of them when the contents are that
    /// long; a few hundred more at most), without checking the CRC: enough to read a header before trusting
    /// the sizes it declares.
    public static func decompressPrefix(_ data: [UInt8], count: Int, name: String = "gzip data") throws -> [UInt8] {
        let bodyStart = try readHeader(data, at: 0, name: name)
        return try data.withUnsafeBufferPointer { buffer in
            try Inflate.decompress(buffer, range: bodyStart..<data.count, name: name, maximumSize: count + 258, prefixOnly: true).output
        }
    }

    /// Whether `bytes` start with the gzip magic number 1f 8b.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses the member starting at `start`; returns its contents and the offset after its trailer.
    private static func decompressMember(_ data: [UInt8], at start: Int, name: String,
                                         maximumSize: Int?) throws -> (output: [UInt8], end: Int) {
        let bodyStart = try readHeader(data, at: start, name: name)
        // The trailer's length (mod 2^32) sizes the output buffer, when it is plausible.
        let sizeHint = data.count >= 4 ? Int(data[data.count - 4]) | Int(data[data.count - 3]) << 8
            | Int(data[data.count - 2]) << 16 | Int(data[data.count - 1]) << 24 : nil
        let body = try data.withUnsafeBufferPointer { buffer in
            try Inflate.decompress(buffer, range: bodyStart..<data.count, name: name, sizeHint: sizeHint,
                                   maximumSize: maximumSize.map { max($0, 0) })
        }
        return try checkTrailer(data, body: body, name: name)
    }

    /// Reads the member header at `start`; returns the offset of its DEFLATE body.
    private static func readHeader(_ data: [UInt8], at start: Int, name: String) throws -> Int {
        var reader = ByteReader(data, name: name, offset: start)
        guard try reader.readUInt8("gzip magic") == 0x1F, try reader.readUInt8("gzip magic") == 0x8B else {
            throw reader.error("not a gzip file: expected magic bytes 1f 8b", at: start)
        }
        let method = try reader.readUInt8("compression method")
        guard method == 8 else { throw reader.error("unsupported gzip compression method \(method) (only 8, DEFLATE)", at: start + 2) }
        let flags = try reader.readUInt8("gzip flags")
        guard flags & 0xE0 == 0 else { throw reader.error("reserved gzip flag bits are set (0x\(String(flags, radix: 16)))", at: start + 3) }
        try reader.skip(6, "gzip modification time, extra flags and OS")
        if flags & flagExtra != 0 {
            let length = Int(try reader.readUInt16LE("gzip extra field length"))
            try reader.skip(length, "gzip extra field")
        }
        for (flag, field) in [(flagName, "file name"), (flagComment, "comment")] where flags & flag != 0 {
            guard let terminator = data[reader.offset...].firstIndex(of: 0) else {
                throw reader.error("gzip header is truncated: the \(field) has no terminating zero byte")
            }
            reader.offset = terminator + 1
        }
        if flags & flagHeaderCRC != 0 {
            let headerEnd = reader.offset
            let stored = try reader.readUInt16LE("gzip header CRC")
            let actual = UInt16(truncatingIfNeeded: CRC32.checksum(data[start..<headerEnd]))
            guard stored == actual else {
                throw reader.error("gzip header CRC mismatch: stored \(hex(stored)), computed \(hex(actual))", at: headerEnd)
            }
        }
        return reader.offset
    }

    /// Checks the body of the member that ends at `body.end`: the CRC-32 and length trailer.
    private static func checkTrailer(_ data: [UInt8], body: (output: [UInt8], end: Int), name: String) throws -> (output: [UInt8], end: Int) {
        var reader = ByteReader(data, name: name, offset: body.end)
        let trailerOffset = reader.offset
        guard reader.remaining >= 8 else {
            throw reader.error("gzip file is truncated: the 8-byte CRC-32 and length trailer is missing (\(reader.remaining) bytes left)")
        }
        let storedCRC = try reader.readUInt32LE("gzip CRC-32")
        let storedLength = try reader.readUInt32LE("gzip length")
        let actualCRC = CRC32.checksum(body.output)
        guard storedCRC == actualCRC else {
            throw reader.error("CRC-32 mismatch: the trailer says \(hex(storedCRC)), the data gives \(hex(actualCRC))", at: trailerOffset)
        }
        guard storedLength == UInt32(truncatingIfNeeded: body.output.count) else {
            throw reader.error("length mismatch: the trailer says \(storedLength) bytes (mod 2^32), the data has \(body.output.count)", at: trailerOffset + 4)
        }
        return (body.output, reader.offset)
    }

    private static func hex<Value: BinaryInteger>(_ value: Value) -> String { "0x" + String(value, radix: 16) }
}
