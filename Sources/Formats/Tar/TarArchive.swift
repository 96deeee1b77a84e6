/// Reads tar archives (POSIX ustar and GNU tar): the regular files they hold, by name, without extracting
/// anything to disk.
///
/// Each member is a 512-byte header (name, octal size, checksum of the header, type) followed by its data
/// padded to a multiple of 512 bytes; two zero blocks end the archive. A header whose checksum does not match, a
/// size that is not a number or runs past the end of the archive, or a member name that is absolute or climbs
/// out with `..` throws `SwiftKerasError.fileFormat` naming the archive, the offset and what is wrong.
public struct TarArchive {
    /// One regular file of the archive.
    public struct Entry: Sendable {
        /// The member's path inside the archive (`cifar-10-batches-bin/data_batch_1.bin`).
        public let name: String
        /// Where its data lies in the archive's bytes.
        public let range: Range<Int>
    }

    /// The archive's bytes.
    public let bytes: [UInt8]
    /// The regular files, in archive order.
    public let entries: [Entry]

    /// Parses the member headers of a tar archive.
    /// - Parameters:
    ///   - bytes: the whole (decompressed) archive.
    ///   - name: the archive's name, quoted in errors.
    public init(_ bytes: [UInt8], name: String) throws {
        self.bytes = bytes
        var entries: [Entry] = []
        var offset = 0
        while offset + 512 <= bytes.count {
            let header = bytes[offset..<(offset + 512)]
            if header.allSatisfy({ $0 == 0 }) { break }  // the end-of-archive blocks
            func fail(_ message: String) -> SwiftKerasError { .fileFormat(name, offset: offset, message) }
            let stored = try Self.number(header, 148, 8, what: "checksum", fail: fail)
            let sum = header.enumerated().reduce(0) { total, item in total + ((148..<156).contains(item.offset) ? 32 : Int(item.element)) }
            guard stored == sum else {
                throw fail("tar header checksum is \(stored), but the header's bytes sum to \(sum) (not a tar archive, or corrupt)")
            }
            let size = try Self.number(header, 124, 12, what: "size", fail: fail)
            let dataStart = offset + 512
            guard size >= 0, size <= bytes.count - dataStart else {
                throw fail("tar member declares \(size) bytes, but only \(bytes.count - dataStart) remain in the archive (truncated?)")
            }
            let type = header[header.startIndex + 156]
            var memberName = Self.text(header, 0, 100)
            if Self.text(header, 257, 6) == "ustar", !Self.text(header, 345, 155).isEmpty {
                memberName = Self.text(header, 345, 155) + "/" + memberName
            }
            if type == 0 || type == UInt8(ascii: "0") || type == UInt8(ascii: "7") {
                let components = memberName.split(separator: "/", omittingEmptySubsequences: false)
                guard !memberName.hasPrefix("/"), !components.contains(".."), !memberName.isEmpty else {
                    throw fail("tar member name '\(memberName)' is absolute or leaves the archive's folder (path traversal)")
                }
                entries.append(Entry(name: memberName, range: dataStart..<(dataStart + size)))
            }
            // Folders, links and pax/GNU extension headers hold no file of their own: their data is skipped.
            offset = dataStart + (size + 511) / 512 * 512
        }
        self.entries = entries
    }

    /// The data of the first regular file whose path ends with `/suffix` or equals it.
    public func data(endingWith suffix: String) -> ArraySlice<UInt8>? {
        entries.first { $0.name == suffix || $0.name.hasSuffix("/" + suffix) }.map { bytes[$0.range] }
    }

    /// A NUL- or space-terminated octal field, or a base-256 one (high bit set, GNU's encoding of large sizes).
    private static func number(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int, what: String,
                               fail: (String) -> SwiftKerasError) throws -> Int {
        let field = header[(header.startIndex + start)..<(header.startIndex + start + length)]
        if let first = field.first, first & 0x80 != 0 {
            var value = Int(first & 0x7F)
            for byte in field.dropFirst() {
                guard value < Int.max >> 8 else { throw fail("tar \(what) field is too large") }
                value = value << 8 | Int(byte)
            }
            return value
        }
        let digits = field.prefix { $0 != 0 }.filter { $0 != UInt8(ascii: " ") }
        guard !digits.isEmpty || what == "size", digits.allSatisfy({ (48...55).contains($0) }), digits.count <= 20 else {
            throw fail("tar \(what) field '\(String(decoding: field, as: UTF8.self))' is not an octal number")
        }
        return digits.reduce(0) { $0 * 8 + Int($1 - 48) }
    }

    /// A NUL-terminated text field.
    private static func text(_ header: ArraySlice<UInt8>, _ start: Int, _ length: Int) -> String {
        let field = header[(header.startIndex + start)..<(header.startIndex + start + length)]
        return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
