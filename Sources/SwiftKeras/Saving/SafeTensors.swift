import Foundation

/// The safetensors format (Hugging Face), as `safetensors.numpy.save_file` and `load_file` read and write it:
///
/// ```
/// bytes 0..<8    N, the header length (UInt64, little-endian)
/// bytes 8..<8+N  a JSON object: {"name": {"dtype": "F32", "shape": [4, 8], "data_offsets": [begin, end]}, ...,
///                "__metadata__": {"key": "string", ...}} (padded with spaces to a multiple of 8 bytes)
/// bytes 8+N...   the tensors' raw little-endian values; offsets are relative to this point, and the tensors
///                tile the buffer exactly, without gaps or overlaps
/// ```
/// SwiftKeras writes float32 (`F32`) and reads `F32` and `F64` (numpy's default float type, rounded to float32).
///
/// What is checked on load: the structure (lengths, JSON, offsets that tile the data) and that every value is
/// finite, for every file. The CRC-32 of the tensor data (`swiftkeras_crc32` in `__metadata__`, which SwiftKeras
/// writes beside `weight_order` and requires there) protects the tensor bytes of SwiftKeras's own files against
/// any flipped bit; files from other writers (Python's `safetensors`) have no CRC, so a changed data byte that
/// stays a finite number loads unnoticed. The JSON header itself has no checksum.
struct SafeTensors {
    /// The tensors in the order of their data offsets.
    var tensors: [(name: String, tensor: Tensor)]
    /// The string-to-string `__metadata__` map (empty when absent).
    var metadata: [String: String]

    /// The largest header the reference implementation accepts (100 MB).
    static let maximumHeaderLength = 100_000_000

    /// The bytes of a safetensors file holding `tensors` (float32) in the given order, and `metadata`; with
    /// `addingChecksum`, the metadata also records the CRC-32 of the tensor data (`swiftkeras_crc32`), which
    /// `decode` verifies when present.
    static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String],
                       addingChecksum: Bool = false) -> Data {
        var body = Data()
        var header: [String: JSONValue] = [:]
        for (name, tensor) in tensors {
            let begin = body.count
            LittleEndianBytes.append(tensor.scalars, to: &body)
            header[name] = .object(["dtype": .string("F32"), "shape": .array(tensor.shape.map { .number(Double($0)) }),
                                    "data_offsets": .array([.number(Double(begin)), .number(Double(body.count))])])
        }
        var metadata = metadata
        if addingChecksum { metadata["swiftkeras_crc32"] = String(format: "%08x", CRC32.checksum(body)) }
        if !metadata.isEmpty { header["__metadata__"] = .object(metadata.mapValues { .string($0) }) }
        var text = JSONWriter.data(.object(header))
        text.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - text.count % 8) % 8))
        var data = Data()
        LittleEndianBytes.append(UInt64(text.count), to: &data)
        return data + text + body
    }

    /// Reads and checks a safetensors file: the header length, the JSON, each entry's dtype, shape and offsets,
    /// and that the offsets tile the data exactly.
    static func decode(_ file: SavedBytes) throws -> SafeTensors {
        let path = file.path
        let headerLength = try file.integer(UInt64.self, at: 0, "the safetensors header length")
        guard headerLength <= UInt64(Swift.min(maximumHeaderLength, file.count - 8)) else {
            throw SwiftKerasError.fileFormat(path, offset: 0,
                "header length \(headerLength) does not fit: the file has \(file.count - 8) bytes after the length (truncated or not a safetensors file)")
        }
        let dataStart = 8 + Int(headerLength)
        guard headerLength >= 2, file.bytes[8] == UInt8(ascii: "{") else {
            throw SwiftKerasError.fileFormat(path, offset: 8, "the safetensors header must be a JSON object starting with '{'")
        }
        let header = ConfigReader(path: path, value: try file.json(Int(headerLength), at: 8, "the safetensors header"),
                                  place: "safetensors header")
        var metadata: [String: String] = [:]
        var entries: [(name: String, dtype: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, entry) in try header.members() {
            if name == "__metadata__" {
                for (key, value) in try entry.members() { metadata[key] = try value.string() }
                continue
            }
            let dtype = try entry.string("dtype")
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "F64": width = 8
            default: throw entry.failure("dtype \(dtype) is not supported; expected F32 (or F64)")
            }
            let shape = try entry.member("shape").ints()
            let offsets = try entry.member("data_offsets").ints(in: 0...Int(Int64.max / 2))
            guard offsets.count == 2, offsets[0] <= offsets[1] else {
                throw entry.failure("data_offsets must be [begin, end] with begin <= end, got \(offsets)")
            }
            guard let count = checkedElementCount(shape), count * width == offsets[1] - offsets[0] else {
                throw entry.failure("shape \(shape) of \(dtype) needs \(checkedElementCount(shape).map { "\($0 * width)" } ?? "too many") bytes, data_offsets \(offsets) hold \(offsets[1] - offsets[0])")
            }
            entries.append((name, dtype, shape, offsets[0], offsets[1]))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expectedBegin = 0
        for entry in entries {
            guard entry.begin == expectedBegin else {
                throw SwiftKerasError.fileFormat(path, offset: dataStart + entry.begin,
                    "tensor \(entry.name) starts at data offset \(entry.begin), expected \(expectedBegin) (tensors must tile the data without gaps or overlaps)")
            }
            expectedBegin = entry.end
        }
        guard file.count - dataStart == expectedBegin else {
            throw SwiftKerasError.fileFormat(path, offset: dataStart,
                "the tensors hold \(expectedBegin) bytes of data but the file has \(file.count - dataStart) after the header (\(file.count - dataStart < expectedBegin ? "truncated" : "trailing bytes"))")
        }
        // SwiftKeras's writer always records the CRC beside `weight_order`: its absence there means the key
        // itself was damaged, and the data it protects can no longer be trusted.
        if metadata["weight_order"] != nil, metadata["swiftkeras_crc32"] == nil {
            throw SwiftKerasError.fileFormat(path, offset: 8,
                "the header has SwiftKeras's weight_order but no swiftkeras_crc32 entry: the header is corrupted")
        }
        if let expected = metadata["swiftkeras_crc32"] {
            let actual = String(format: "%08x", CRC32.checksum(file.bytes[dataStart...]))
            guard actual == expected else {
                throw SwiftKerasError.fileFormat(path, offset: dataStart,
                    "the tensor data is corrupted: CRC-32 \(actual), the header records \(expected)")
            }
        }
        let tensors = try entries.map { entry -> (name: String, tensor: Tensor) in
            let count = (entry.end - entry.begin) / (entry.dtype == "F32" ? 4 : 8)
            let values = entry.dtype == "F32" ? try file.floats(count, at: dataStart + entry.begin, entry.name)
                : try file.doubles(count, at: dataStart + entry.begin, entry.name)
            return (entry.name, Tensor(shape: entry.shape, scalars: values))
        }
        return SafeTensors(tensors: tensors, metadata: metadata)
    }
}
