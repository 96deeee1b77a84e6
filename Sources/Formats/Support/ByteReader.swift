import Foundation

/// A bounds-checked cursor over the bytes of a file, for parsing binary headers.
///
/// Every read checks the remaining length and throws `SwiftKerasError.fileFormat` naming the file, the byte
/// offset and what was being read, so a truncated or corrupted file can never crash a parser.
public struct ByteReader {
    /// The bytes being read.
    public let bytes: [UInt8]
    /// The name used in error messages (usually the file path).
    public let name: String
    /// The offset of the next byte to read.
    public var offset: Int

    /// Creates a reader over `bytes`, starting at `offset`.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - name: the file's name or path, quoted in errors.
    ///   - offset: where reading starts.
    public init(_ bytes: [UInt8], name: String, offset: Int = 0) {
        self.bytes = bytes
        self.name = name
        self.offset = offset
    }

    /// The number of bytes left after `offset`.
    public var remaining: Int { max(0, bytes.count - offset) }

    /// An error about this file at `offset` (the current position unless given).
    public func error(_ message: String, at position: Int? = nil) -> SwiftKerasError {
        .fileFormat(name, offset: position ?? offset, message)
    }

    /// Throws unless `count` more bytes are available for `what`.
    public func require(_ count: Int, for what: String) throws {
        guard count >= 0, count <= remaining else {
            throw error("file is truncated: \(what) needs \(count) bytes, only \(remaining) left (file has \(bytes.count) bytes)")
        }
    }

    /// Reads one byte.
    public mutating func readUInt8(_ what: String) throws -> UInt8 {
        try require(1, for: what)
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Reads a little-endian 16-bit integer.
    public mutating func readUInt16LE(_ what: String) throws -> UInt16 {
        UInt16(truncatingIfNeeded: try readLittleEndian(2, what))
    }

    /// Reads a little-endian 32-bit integer.
    public mutating func readUInt32LE(_ what: String) throws -> UInt32 {
        UInt32(truncatingIfNeeded: try readLittleEndian(4, what))
    }

    /// Reads a little-endian 64-bit integer.
    public mutating func readUInt64LE(_ what: String) throws -> UInt64 {
        try readLittleEndian(8, what)
    }

    /// Reads a big-endian 32-bit integer.
    public mutating func readUInt32BE(_ what: String) throws -> UInt32 {
        try require(4, for: what)
        var value: UInt32 = 0
        for index in 0..<4 { value = value << 8 | UInt32(bytes[offset + index]) }
        offset += 4
        return value
    }

    /// Reads `count` raw bytes.
    public mutating func readBytes(_ count: Int, _ what: String) throws -> ArraySlice<UInt8> {
        try require(count, for: what)
        defer { offset += count }
        return bytes[offset..<offset + count]
    }

    /// Moves the cursor by `count` bytes, checking that they exist.
    public mutating func skip(_ count: Int, _ what: String) throws {
        try require(count, for: what)
        offset += count
    }

    private mutating func readLittleEndian(_ count: Int, _ what: String) throws -> UInt64 {
        try require(count, for: what)
        var value: UInt64 = 0
        for index in stride(from: count - 1, through: 0, by: -1) { value = value << 8 | UInt64(bytes[offset + index]) }
        offset += count
        return value
    }
}

/// Reads a whole file into memory, throwing `SwiftKerasError.io` with the path when it cannot be read.
package func readFileBytes(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw SwiftKerasError.io(exists ? "cannot read \(path) (permission denied or a folder?)" : "\(path) does not exist")
    }
    return [UInt8](data)
}
