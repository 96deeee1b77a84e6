/// Compresses bytes into a zlib stream (RFC 1950) holding one DEFLATE block (RFC 1951) coded with LZ77
/// matches and the fixed Huffman code: what PNG's IDAT chunks carry.
///
/// Matches are found through hash chains over the last 32 KiB (three-byte hash, a bounded chain walk), which
/// shrinks the flat areas of plots and digit grids to a few bytes per row. The stream ends with the Adler-32
/// of the uncompressed bytes, big-endian.
enum ZlibEncoder {
    private static let windowSize = 1 << 15
    private static let minMatch = 3
    private static let maxMatch = 258
    /// How many earlier positions with the same hash are tried per byte: speed against size.
    private static let maxChainLength = 48

    /// Length code `257 + i` covers lengths `lengthBase[i] ..< lengthBase[i] + 2^lengthExtra[i]`.
    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                     67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
                                      5, 5, 5, 5, 0]
    /// Distance code `i` covers distances `distanceBase[i] ..< distanceBase[i] + 2^distanceExtra[i]`.
    private static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                       513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
                                        10, 11, 11, 12, 12, 13, 13]

    /// The zlib stream of `input`: header `78 01`, one final fixed-Huffman block, Adler-32.
    static func compress(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes.reserveCapacity(input.count / 4 + 64)
        // CMF 0x78: deflate with a 32 KiB window; FLG 0x01 makes (CMF * 256 + FLG) a multiple of 31.
        writer.bytes.append(contentsOf: [0x78, 0x01])
        writer.write(1, bits: 1)  // BFINAL
        writer.write(1, bits: 2)  // BTYPE = 01, fixed Huffman codes
        input.withUnsafeBufferPointer { encodeBlock($0, into: &writer) }
        writeSymbol(256, into: &writer)  // end of block
        writer.flush()
        let adler = Adler32.checksum(input)
        writer.bytes.append(contentsOf: [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) })
        return writer.bytes
    }

    /// Emits literals and (length, distance) pairs for `input`, greedy longest match first.
    private static func encodeBlock(_ input: UnsafeBufferPointer<UInt8>, into writer: inout BitWriter) {
        let count = input.count
        let hashBits = 15
        var head = [Int](repeating: -1, count: 1 << hashBits)
        var previous = [Int](repeating: -1, count: windowSize)
        func hash(at position: Int) -> Int {
            let value = Int(input[position]) << 16 | Int(input[position + 1]) << 8 | Int(input[position + 2])
            return (value &* 2_654_435_761) >> (32 - hashBits) & ((1 << hashBits) - 1)
        }
        func insert(_ position: Int) {
            guard position + minMatch <= count else { return }
            let key = hash(at: position)
            previous[position & (windowSize - 1)] = head[key]
            head[key] = position
        }
        var position = 0
        while position < count {
            var bestLength = 0
            var bestDistance = 0
            if position + minMatch <= count {
                var candidate = head[hash(at: position)]
                var chain = 0
                let limit = min(maxMatch, count - position)
                while candidate >= 0, position - candidate <= windowSize, chain < maxChainLength {
                    if input[candidate + bestLength] == input[position + bestLength] || bestLength == 0 {
                        var length = 0
                        while length < limit, input[candidate + length] == input[position + length] { length += 1 }
                        if length > bestLength {
                            bestLength = length
                            bestDistance = position - candidate
                            if length == limit { break }
                        }
                    }
                    candidate = previous[candidate & (windowSize - 1)]
                    chain += 1
                }
            }
            if bestLength >= minMatch {
                writeMatch(length: bestLength, distance: bestDistance, into: &writer)
                for offset in 0..<bestLength { insert(position + offset) }
                position += bestLength
            } else {
                writeSymbol(Int(input[position]), into: &writer)
                insert(position)
                position += 1
            }
        }
    }

    /// Writes a length symbol with its extra bits, then a distance symbol with its extra bits.
    private static func writeMatch(length: Int, distance: Int, into writer: inout BitWriter) {
        let lengthCode = lastIndex(of: lengthBase, notAbove: length)
        writeSymbol(257 + lengthCode, into: &writer)
        writer.write(length - lengthBase[lengthCode], bits: lengthExtra[lengthCode])
        let distanceCode = lastIndex(of: distanceBase, notAbove: distance)
        writer.writeCode(distanceCode, length: 5)  // fixed distance codes are plain 5-bit numbers
        writer.write(distance - distanceBase[distanceCode], bits: distanceExtra[distanceCode])
    }

    /// The index of the last entry of the ascending `bases` that is `<= value` (binary search).
    private static func lastIndex(of bases: [Int], notAbove value: Int) -> Int {
        var low = 0
        var high = bases.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if bases[middle] <= value { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Writes literal/length `symbol` in the fixed Huffman code of RFC 1951 section 3.2.6.
    private static func writeSymbol(_ symbol: Int, into writer: inout BitWriter) {
        switch symbol {
        case 0...143: writer.writeCode(0x30 + symbol, length: 8)
        case 144...255: writer.writeCode(0x190 + symbol - 144, length: 9)
        case 256...279: writer.writeCode(symbol - 256, length: 7)
        default: writer.writeCode(0xC0 + symbol - 280, length: 8)
        }
    }
}

/// Packs bit fields least-significant bit first into bytes, as DEFLATE stores them.
struct BitWriter {
    /// The finished bytes.
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Appends the low `bits` bits of `value`, least significant first (DEFLATE's extra bits and headers).
    mutating func write(_ value: Int, bits: Int) {
        guard bits > 0 else { return }
        buffer |= UInt64(value & ((1 << bits) - 1)) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Appends a Huffman code of `length` bits, most significant bit first as RFC 1951 requires.
    mutating func writeCode(_ code: Int, length: Int) {
        var reversed = 0
        for bit in 0..<length { reversed |= ((code >> bit) & 1) << (length - 1 - bit) }
        write(reversed, bits: length)
    }

    /// Pads the last partial byte with zero bits.
    mutating func flush() {
        if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
        buffer = 0
        count = 0
    }
}
