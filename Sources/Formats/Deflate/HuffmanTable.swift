/// A table-driven decoder for one canonical Huffman code of DEFLATE (RFC 1951, section 3.2.2).
///
/// The next `primaryBits` input bits index the primary table directly; codes longer than that go through a
/// pointer entry to a subtable indexed by the following bits. Each 32-bit entry packs
/// `value << 16 | kind << 8 | bitsToConsume`, where `kind` is one of the `Kind` flags below, so the decoder
/// does one table load per symbol and never walks a tree.
package struct HuffmanTable {
    /// Entry kinds (bits 8...15 of an entry).
    enum Kind {
        /// A literal byte (`value` is the byte).
        static let literal: UInt32 = 0x00
        /// The end-of-block symbol 256.
        static let endOfBlock: UInt32 = 0x20
        /// A length or distance: `value` is the base, the low 5 bits of the kind are the extra-bit count.
        static let base: UInt32 = 0x40
        /// A bit pattern that no code uses (an incomplete code), or symbols 286, 287, 30 and 31.
        static let invalid: UInt32 = 0x10
        /// A pointer to a subtable: `value` is its offset, the low 4 bits of the kind its index width.
        static let subtable: UInt32 = 0x80
    }

    /// The entry for a literal/length symbol (0...287), with its length base and extra bits folded in.
    static let literalLengthEntries: [UInt32] = (0..<288).map { symbol in
        let lengthBases: [UInt32] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                     35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        let lengthExtra: [UInt32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                     3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        switch symbol {
        case 0..<256: return UInt32(symbol) << 16 | Kind.literal << 8
        case 256: return Kind.endOfBlock << 8
        case 257...285: return lengthBases[symbol - 257] << 16 | (Kind.base | lengthExtra[symbol - 257]) << 8
        default: return Kind.invalid << 8
        }
    }

    /// The entry for a distance symbol (0...31), with its base and extra bits folded in.
    static let distanceEntries: [UInt32] = (0..<32).map { symbol in
        guard symbol < 30 else { return Kind.invalid << 8 }
        // Distances 1, 2, 3, 4, then pairs of codes per power of two: base = 2^(k+1) + 1 (+ 2^k for odd codes).
        let extra = symbol < 4 ? 0 : UInt32(symbol / 2 - 1)
        let base: UInt32 = symbol < 4 ? UInt32(symbol + 1) : (1 << (extra + 1)) + 1 + (UInt32(symbol & 1) << extra)
        return base << 16 | (Kind.base | extra) << 8
    }

    /// The entry for a code-length-alphabet symbol (0...18): the symbol itself.
    package static let codeLengthEntries: [UInt32] = (0..<19).map { UInt32($0) << 16 | Kind.literal << 8 }

    /// The packed entries: the primary table, then the subtables.
    private(set) var entries: [UInt32]
    /// The number of input bits that index the primary table.
    let primaryBits: Int

    /// Creates an empty table; call `build` before decoding.
    package init(primaryBits: Int, maximumSymbols: Int) {
        self.primaryBits = primaryBits
        // Worst case: every long code has its own prefix with a subtable of 2^(15 - primaryBits) entries.
        entries = [UInt32](repeating: Kind.invalid << 8, count: (1 << primaryBits) + maximumSymbols << (15 - primaryBits))
    }

    /// Builds the decoding table for the canonical code with the given code lengths.
    ///
    /// Symbol `s` has code length `lengths[s]` (0: unused). Codes are assigned in order of (length, symbol);
    /// an over-subscribed set of lengths is an error, an incomplete one leaves `invalid` entries.
    /// - Parameters:
    ///   - lengths: the code length of each symbol, 0...15.
    ///   - symbolEntries: the entry (value and kind) of each symbol, without the bit count.
    /// - Returns: a description of what is wrong with the lengths, or nil when the table was built.
    package mutating func build(lengths: ArraySlice<UInt8>, symbolEntries: [UInt32]) -> String? {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = left << 1 - counts[length]
            if left < 0 { return "over-subscribed Huffman code (more codes of length \(length) than the code space allows)" }
        }
        var nextCode = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + counts[length - 1]) << 1
            nextCode[length] = code
        }
        let primarySize = 1 << primaryBits
        let invalidEntry = Kind.invalid << 8 | UInt32(primaryBits)
        return entries.withUnsafeMutableBufferPointer { table -> String? in
            for index in 0..<primarySize { table[index] = invalidEntry }
            // Long codes: (prefix, rest of the reversed code, length, symbol), grouped later by prefix.
            var longCodes: [(prefix: Int, rest: Int, length: Int, symbol: Int)] = []
            var symbol = 0
            for length in lengths {
                defer { symbol += 1 }
                let bits = Int(length)
                guard bits > 0 else { continue }
                let reversed = Self.reverse(nextCode[bits], bits: bits)
                nextCode[bits] += 1
                if bits <= primaryBits {
                    let entry = symbolEntries[symbol] | UInt32(bits)
                    var index = reversed
                    while index < primarySize {
                        table[index] = entry
                        index += 1 << bits
                    }
                } else {
                    longCodes.append((reversed & (primarySize - 1), reversed >> primaryBits, bits, symbol))
                }
            }
            guard !longCodes.isEmpty else { return nil }
            // One subtable per primary prefix, wide enough for the longest code with that prefix.
            var widths = [Int](repeating: 0, count: primarySize)
            for long in longCodes { widths[long.prefix] = max(widths[long.prefix], long.length - primaryBits) }
            var next = primarySize
            var offsets = [Int](repeating: 0, count: primarySize)
            for long in longCodes where table[long.prefix] == invalidEntry {
                let width = widths[long.prefix]
                offsets[long.prefix] = next
                table[long.prefix] = UInt32(next) << 16 | (Kind.subtable | UInt32(width)) << 8 | UInt32(primaryBits)
                for index in next..<next + 1 << width { table[index] = Kind.invalid << 8 | UInt32(width) }
                next += 1 << width
            }
            for long in longCodes {
                let subBits = long.length - primaryBits
                let entry = symbolEntries[long.symbol] | UInt32(subBits)
                var index = long.rest
                while index < 1 << widths[long.prefix] {
                    table[offsets[long.prefix] + index] = entry
                    index += 1 << subBits
                }
            }
            return nil
        }
    }

    /// `code` with its lowest `bits` bits in reverse order (DEFLATE sends Huffman codes most significant bit first).
    static func reverse(_ code: Int, bits: Int) -> Int {
        var result = 0
        var value = code
        for _ in 0..<bits {
            result = result << 1 | value & 1
            value >>= 1
        }
        return result
    }
}
