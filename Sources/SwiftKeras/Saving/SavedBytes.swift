import Foundation

/// The bytes of a saved file with bounds-checked little-endian reads: every read names the file and byte
/// offset when it would run past the end, so a truncated or corrupted length can never read out of bounds or
/// make the reader allocate more than the file holds.
struct SavedBytes {
    /// The file the bytes came from (for error messages).
    let path: String
    /// The whole file.
    let bytes: [UInt8]

    /// Reads the whole file at `path`.
    init(contentsOf path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SwiftKerasError.io("no file at \(path)")
        }
        guard !isFolder.boolValue else { throw SwiftKerasError.io("\(path) is a folder, expected a file") }
        do {
            self.init(path: path, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw SwiftKerasError.io("cannot read \(path): \(error.localizedDescription)")
        }
    }

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    var count: Int { bytes.count }

    /// Throws unless `length` bytes starting at `offset` lie inside the file.
    func require(_ length: Int, at offset: Int, _ what: String) throws {
        guard offset >= 0, length >= 0, offset <= bytes.count, length <= bytes.count - offset else {
            throw SwiftKerasError.fileFormat(path, offset: offset,
                "truncated: \(what) needs \(length) bytes, the file has \(Swift.max(bytes.count - Swift.max(offset, 0), 0)) left (file size \(bytes.count))")
        }
    }

    /// The little-endian unsigned integer of `T`'s width at `offset`.
    func integer<T: FixedWidthInteger & UnsignedInteger>(_ type: T.Type, at offset: Int, _ what: String) throws -> T {
        try require(MemoryLayout<T>.size, at: offset, what)
        var value: T = 0
        for index in (0..<MemoryLayout<T>.size).reversed() { value = value << 8 | T(bytes[offset + index]) }
        return value
    }

    /// `length` raw bytes at `offset`.
    func slice(_ length: Int, at offset: Int, _ what: String) throws -> ArraySlice<UInt8> {
        try require(length, at: offset, what)
        return bytes[offset..<(offset + length)]
    }

    /// `count` little-endian float32 values at `offset`; throws when one is NaN or infinite.
    func floats(_ count: Int, at offset: Int, _ what: String) throws -> [Float] {
        let (length, overflow) = count.multipliedReportingOverflow(by: 4)
        guard !overflow else { throw SwiftKerasError.fileFormat(path, offset: offset, "\(what): \(count) values is too many") }
        try require(length, at: offset, what)
        let values = bytes.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * $0, as: UInt32.self))) }
        }
        return try requireFinite(values, at: offset, width: 4, what)
    }

    /// `count` little-endian float64 values at `offset`, rounded to float32; throws when one is not finite then.
    func doubles(_ count: Int, at offset: Int, _ what: String) throws -> [Float] {
        let (length, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow else { throw SwiftKerasError.fileFormat(path, offset: offset, "\(what): \(count) values is too many") }
        try require(length, at: offset, what)
        let values = bytes.withUnsafeBytes { raw in
            (0..<count).map { Float(Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * $0, as: UInt64.self)))) }
        }
        return try requireFinite(values, at: offset, width: 8, what)
    }

    /// `values`, unless one is NaN or infinite: a saved weight never is, so such a value means a corrupted
    /// file (or one saved from a diverged model), which must not load as if it were good.
    private func requireFinite(_ values: [Float], at offset: Int, width: Int, _ what: String) throws -> [Float] {
        guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return values }
        throw SwiftKerasError.fileFormat(path, offset: offset + width * bad,
            "tensor \(what) holds a non-finite value (\(values[bad]) at index \(bad)); saved weights must be finite")
    }

    /// Parses `length` bytes at `offset` as a JSON document.
    func json(_ length: Int, at offset: Int, _ what: String) throws -> JSONValue {
        let text = try slice(length, at: offset, what)
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(text))
        } catch {
            throw SwiftKerasError.fileFormat(path, offset: offset, "\(what) is not valid JSON (\(length) bytes)")
        }
    }
}

/// Little-endian encoding of what the savers write.
enum LittleEndianBytes {
    /// Appends `value` in little-endian byte order.
    static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    /// Appends the values as little-endian float32.
    static func append(_ values: [Float], to data: inout Data) {
        var encoded = [UInt32](repeating: 0, count: values.count)
        for (index, value) in values.enumerated() { encoded[index] = value.bitPattern.littleEndian }
        encoded.withUnsafeBytes { data.append(contentsOf: $0) }
    }
}
