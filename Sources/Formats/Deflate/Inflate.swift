/// Decompresses raw DEFLATE data (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Huffman codes are decoded through lookup tables (`HuffmanTable`), with a 64-bit bit buffer refilled a
/// whole word at a time and unsafe buffers in the inner loop. Corrupted input throws
/// `SwiftKerasError.fileFormat` naming the stream, the byte offset and what is wrong; the output can never
/// grow past `limit`, and reading past the end of the input is reported as truncation.
public enum Inflate {
    /// Decompresses a complete raw DEFLATE stream.
    /// - Parameters:
    ///   - data: the compressed bytes.
    ///   - name: the file or stream name quoted in errors.
    ///   - expectedSize: when known, the exact decompressed size; more or fewer bytes is an error.
    /// - Returns: the decompressed bytes.
    public static func decompress(_ data: [UInt8], name: String = "DEFLATE stream", expectedSize: Int? = nil) throws -> [UInt8] {
        try data.withUnsafeBufferPointer { input in
            try decompress(input, range: 0..<input.count, name: name, expectedSize: expectedSize).output
        }
    }

    /// Decompresses the DEFLATE stream that starts at `range.lowerBound` of `input`.
    ///
    /// Offsets in errors are positions in `input`, so a stream inside a larger file reports file offsets.
    /// - Parameters:
    ///   - input: the bytes holding the stream.
    ///   - range: where the stream may lie; it may end before `range.upperBound`.
    ///   - name: the file name quoted in errors.
    ///   - expectedSize: when known, the exact decompressed size.
    ///   - sizeHint: the expected size when it is only a hint (the gzip trailer's), used for allocation.
    ///   - maximumSize: when given, more output than this is an error (a compression bomb stops here).
    ///   - prefixOnly: stop without error once `maximumSize` bytes (less at most one match) are out; the
    ///     returned `end` is then meaningless. Reads a file's header before trusting its sizes.
    /// - Returns: the output and the offset just past the stream's last byte.
    static func decompress(_ input: UnsafeBufferPointer<UInt8>, range: Range<Int>, name: String,
                           expectedSize: Int? = nil, sizeHint: Int? = nil, maximumSize: Int? = nil,
                           prefixOnly: Bool = false) throws -> (output: [UInt8], end: Int) {
        if let expectedSize, expectedSize < 0 || expectedSize > range.count * 1032 + 1024 {
            // DEFLATE expands at most 1032:1 (258-byte matches coded in 2 bits).
            throw SwiftKerasError.fileFormat(name, offset: range.lowerBound,
                "declared size of \(expectedSize) bytes is impossible for \(range.count) compressed bytes")
        }
        // A hint from a file header is not trusted beyond 64 times the compressed size: growing is cheap.
        let hinted = max(1024, min(sizeHint ?? range.count * 4, range.count * 64 + 65536))
        var decoder = InflateDecoder(input: input, range: range, name: name, limit: expectedSize ?? maximumSize,
                                     capacity: expectedSize ?? min(hinted, maximumSize ?? Int.max))
        decoder.stopsAtLimit = prefixOnly
        defer { decoder.release() }
        do {
            try decoder.run()
        } catch is InflateDecoder.LimitReached {
            return (decoder.takeOutput(), decoder.inputEnd)
        }
        if let expectedSize, decoder.outputCount != expectedSize {
            throw SwiftKerasError.fileFormat(name, offset: decoder.inputEnd,
                                             "DEFLATE stream holds \(decoder.outputCount) bytes, expected \(expectedSize)")
        }
        return (decoder.takeOutput(), decoder.inputEnd)
    }
}

/// The state of one DEFLATE decompression: bit buffer, Huffman tables and output.
struct InflateDecoder {
    let input: UnsafePointer<UInt8>
    let inputLimit: Int
    let name: String
    let limit: Int?
    var position: Int
    var bitBuffer: UInt64 = 0
    var bitCount = 0
    var output: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var outputCount = 0
    var literalTable = HuffmanTable(primaryBits: 10, maximumSymbols: 288)
    var distanceTable = HuffmanTable(primaryBits: 8, maximumSymbols: 32)
    var codeLengthTable = HuffmanTable(primaryBits: 7, maximumSymbols: 19)
    /// Whether reaching `limit` ends decoding quietly (`LimitReached`) instead of failing.
    var stopsAtLimit = false

    /// Thrown by `reserve` when `stopsAtLimit` is set and the output is full.
    struct LimitReached: Error {}

    /// Room kept past the output so that 8-byte match copies never need a bounds check.
    static let slack = 266

    init(input: UnsafeBufferPointer<UInt8>, range: Range<Int>, name: String, limit: Int?, capacity: Int) {
        self.input = input.baseAddress ?? UnsafePointer(bitPattern: 1)!
        inputLimit = range.upperBound
        position = range.lowerBound
        self.name = name
        self.limit = limit
        self.capacity = capacity
        output = .allocate(capacity: self.capacity + Self.slack)
        LargeBuffers.adviseHugePages(output, byteCount: self.capacity)
    }

    /// The offset just past the last input byte used (valid after `run`).
    var inputEnd: Int { position - bitCount / 8 }

    /// Frees the output buffer.
    func release() { output.deallocate() }

    /// A copy of the decompressed bytes.
    func takeOutput() -> [UInt8] {
        LargeBuffers.makeArray(count: outputCount) { $0.baseAddress!.update(from: output, count: outputCount) }
    }

    func error(_ message: String) -> SwiftKerasError {
        .fileFormat(name, offset: min(inputEnd, inputLimit), message)
    }

    /// Decodes blocks until the one marked final.
    mutating func run() throws {
        var isFinal = false
        while !isFinal {
            try refill()
            isFinal = bitBuffer & 1 == 1
            let type = (bitBuffer >> 1) & 3
            consume(3)
            switch type {
            case 0: try copyStoredBlock()
            case 1:
                _ = literalTable.build(lengths: Self.fixedLiteralLengths[...], symbolEntries: HuffmanTable.literalLengthEntries)
                _ = distanceTable.build(lengths: Self.fixedDistanceLengths[...], symbolEntries: HuffmanTable.distanceEntries)
                try decodeHuffmanBlock()
            case 2:
                try readDynamicTables()
                try decodeHuffmanBlock()
            default: throw error("invalid DEFLATE block type 3 (reserved)")
            }
        }
        // Give back whole bytes that were loaded into the bit buffer but not used.
        bitCount -= bitCount % 8
        if inputEnd > inputLimit { throw error("DEFLATE stream is truncated (ends inside its last block)") }
    }

    private static let fixedLiteralLengths: [UInt8] =
        [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112) + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8)
    private static let fixedDistanceLengths = [UInt8](repeating: 5, count: 32)

    @inline(__always) mutating func consume(_ bits: Int) {
        bitBuffer >>= UInt64(bits)
        bitCount -= bits
    }

    /// Tops the bit buffer up to at least 56 bits (zeros past the end of the input, which counts as
    /// truncation as soon as they are used).
    @inline(__always) mutating func refill() throws {
        if position + 8 <= inputLimit {
            let word = UnsafeRawPointer(input + position).loadUnaligned(as: UInt64.self)
            bitBuffer |= UInt64(littleEndian: word) << UInt64(bitCount)
            position += (63 - bitCount) >> 3
            bitCount |= 56
        } else {
            try refillNearEnd()
        }
    }

    mutating func refillNearEnd() throws {
        while bitCount <= 56 {
            if position < inputLimit {
                bitBuffer |= UInt64(input[position]) << UInt64(bitCount)
            } else if position >= inputLimit + 8 {
                throw error("DEFLATE stream is truncated (data ends in the middle of a block)")
            }
            position += 1
            bitCount += 8
        }
    }

    mutating func copyStoredBlock() throws {
        consume(bitCount % 8)
        position -= bitCount / 8
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= inputLimit else { throw error("stored block header is truncated") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == complement ^ 0xFFFF else {
            throw error("stored block length \(length) does not match its complement \(complement ^ 0xFFFF)")
        }
        position += 4
        guard position + length <= inputLimit else {
            throw error("stored block of \(length) bytes is truncated (\(inputLimit - position) bytes left)")
        }
        try reserve(length)
        (output + outputCount).update(from: input + position, count: length)
        outputCount += length
        position += length
    }

    /// Makes room for `count` more output bytes (plus slack); `capacity` never exceeds `limit`.
    mutating func reserve(_ count: Int) throws {
        let needed = outputCount + count
        if let limit, needed > limit {
            if stopsAtLimit { throw LimitReached() }
            throw error("decompressed data is longer than the expected \(limit) bytes")
        }
        guard needed > capacity else { return }
        let newCapacity = min(max(needed, capacity * 2), limit ?? Int.max)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity + Self.slack)
        LargeBuffers.adviseHugePages(grown, byteCount: newCapacity)
        grown.update(from: output, count: outputCount)
        output.deallocate()
        output = grown
        capacity = newCapacity
    }
}
