/// A small DEFLATE compressor (RFC 1951): stored blocks, or LZ77 matching coded with the fixed Huffman code.
///
/// It favours simplicity over ratio (no dynamic Huffman codes), and exists so that SwiftKeras can write
/// gzip and zip files and test its own reader on streams with every kind of block and back-reference.
public enum Deflate {
    /// Compresses `data` into a raw DEFLATE stream.
    /// - Parameters:
    ///   - data: the bytes to compress.
    ///   - level: 0 writes stored blocks; 1...9 search longer match chains (4 << (level - 1) candidates, at most 256).
    /// - Returns: the compressed stream, ending with a final block.
    public static func compress(_ data: [UInt8], level: Int = 6) -> [UInt8] {
        var writer = BitWriter()
        if level <= 0 || data.isEmpty {
            writeStored(data, into: &writer)
        } else {
            writer.write(0b011, bits: 3)  // final block, fixed Huffman
            writeMatches(data, chainLimit: 4 << min(level - 1, 6), into: &writer)
            writer.writeSymbol(256)
        }
        return writer.finish()
    }

    private static func writeStored(_ data: [UInt8], into writer: inout BitWriter) {
        var start = 0
        repeat {
            let length = min(65535, data.count - start)
            let isFinal = start + length == data.count
            writer.write(isFinal ? 1 : 0, bits: 3)
            writer.alignToByte()
            writer.bytes += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            writer.bytes += data[start..<start + length]
            start += length
        } while start < data.count
    }

    /// Greedy LZ77 over a 32 KiB window with hash chains of 3-byte prefixes.
    private static func writeMatches(_ data: [UInt8], chainLimit: Int, into writer: inout BitWriter) {
        let window = 32768, hashSize = 1 << 15
        var head = [Int](repeating: -1, count: hashSize)
        var previous = [Int](repeating: -1, count: window)
        func hash(_ index: Int) -> Int {
            (Int(data[index]) << 10 ^ Int(data[index + 1]) << 5 ^ Int(data[index + 2])) & (hashSize - 1)
        }
        func insert(_ index: Int) {
            guard index + 2 < data.count else { return }
            let key = hash(index)
            previous[index & (window - 1)] = head[key]
            head[key] = index
        }
        var index = 0
        while index < data.count {
            var bestLength = 0, bestDistance = 0
            if index + 2 < data.count {
                var candidate = head[hash(index)]
                var chain = chainLimit
                let maximum = min(258, data.count - index)
                while candidate >= 0, index - candidate <= window, chain > 0 {
                    var length = 0
                    while length < maximum, data[candidate + length] == data[index + length] { length += 1 }
                    if length > bestLength { bestLength = length; bestDistance = index - candidate }
                    if length == maximum { break }
                    candidate = previous[candidate & (window - 1)]
                    chain -= 1
                }
            }
            if bestLength >= 3 {
                writer.writeLength(bestLength)
                writer.writeDistance(bestDistance)
                for position in index..<index + bestLength { insert(position) }
                index += bestLength
            } else {
                writer.writeSymbol(Int(data[index]))
                insert(index)
                index += 1
            }
        }
    }
}

/// Packs bits least-significant first, as DEFLATE streams are read.
package struct BitWriter {
    /// The whole bytes written so far.
    var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Starts an empty bit stream.
    package init() {}

    /// The fixed Huffman code of each literal/length symbol, bit-reversed for LSB-first output, and its length.
    private static let fixedCodes: [(code: UInt32, length: Int)] = {
        var codes: [(UInt32, Int)] = []
        for symbol in 0..<288 {
            let (start, first, length): (Int, Int, Int) = switch symbol {
            case 0..<144: (0, 0b0011_0000, 8)
            case 144..<256: (144, 0b1_1001_0000, 9)
            case 256..<280: (256, 0, 7)
            default: (280, 0b1100_0000, 8)
            }
            codes.append((UInt32(HuffmanTable.reverse(first + symbol - start, bits: length)), length))
        }
        return codes
    }()

    /// Appends the low `bits` bits of `value`, least significant first.
    package mutating func write(_ value: UInt32, bits: Int) {
        buffer |= UInt64(value) << UInt64(count)
        count += bits
        while count >= 8 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count -= 8
        }
    }

    /// Pads with zero bits up to the next byte boundary.
    mutating func alignToByte() {
        if count > 0 { write(0, bits: 8 - count) }
    }

    /// Writes a literal/length symbol (0...287) with the fixed Huffman code.
    package mutating func writeSymbol(_ symbol: Int) {
        let code = Self.fixedCodes[symbol]
        write(code.code, bits: code.length)
    }

    /// Writes a match length (3...258) as its symbol and extra bits.
    package mutating func writeLength(_ length: Int) {
        var symbol = 285
        while HuffmanTable.literalLengthEntries[symbol] >> 16 > UInt32(length) { symbol -= 1 }
        let entry = HuffmanTable.literalLengthEntries[symbol]
        writeSymbol(symbol)
        write(UInt32(length) - entry >> 16, bits: Int((entry >> 8) & 0x1F))
    }

    /// Writes a distance (1...32768) as its 5-bit fixed code and extra bits.
    package mutating func writeDistance(_ distance: Int) {
        var symbol = 29
        while HuffmanTable.distanceEntries[symbol] >> 16 > UInt32(distance) { symbol -= 1 }
        let entry = HuffmanTable.distanceEntries[symbol]
        write(UInt32(HuffmanTable.reverse(symbol, bits: 5)), bits: 5)
        write(UInt32(distance) - entry >> 16, bits: Int((entry >> 8) & 0x1F))
    }

    /// The stream's bytes, the last one padded with zero bits.
    package mutating func finish() -> [UInt8] {
        alignToByte()
        return bytes
    }
}
