/// The Huffman-coded blocks of DEFLATE: reading dynamic code tables and the decoding loop.
extension InflateDecoder {
    /// The order in which code-length code lengths are sent (RFC 1951, section 3.2.7).
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Reads a dynamic block's header and builds its literal/length and distance tables.
    mutating func readDynamicTables() throws {
        try refill()
        let literalCount = Int(bitBuffer & 0x1F) + 257
        let distanceCount = Int((bitBuffer >> 5) & 0x1F) + 1
        let codeLengthCount = Int((bitBuffer >> 10) & 0xF) + 4
        consume(14)
        guard literalCount <= 286, distanceCount <= 30 else {
            throw error("dynamic block declares \(literalCount) literal/length codes and \(distanceCount) distance codes (at most 286 and 30)")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            try refill()
            codeLengthLengths[Self.codeLengthOrder[index]] = UInt8(bitBuffer & 7)
            consume(3)
        }
        if let problem = codeLengthTable.build(lengths: codeLengthLengths[...], symbolEntries: HuffmanTable.codeLengthEntries) {
            throw error("bad code-length code: \(problem)")
        }
        var lengths = [UInt8](repeating: 0, count: literalCount + distanceCount)
        var index = 0
        while index < lengths.count {
            try refill()
            let entry = codeLengthTable.entries[Int(bitBuffer & 0x7F)]
            guard (entry >> 8) & 0xFF != HuffmanTable.Kind.invalid else { throw error("invalid code-length code") }
            consume(Int(entry & 0xFF))
            let symbol = Int(entry >> 16)
            var repeatCount = 1
            var value = UInt8(symbol)
            switch symbol {
            case 16:
                guard index > 0 else { throw error("code-length repeat (16) with no previous length") }
                value = lengths[index - 1]
                repeatCount = 3 + Int(bitBuffer & 3); consume(2)
            case 17: value = 0; repeatCount = 3 + Int(bitBuffer & 7); consume(3)
            case 18: value = 0; repeatCount = 11 + Int(bitBuffer & 0x7F); consume(7)
            default: break
            }
            guard index + repeatCount <= lengths.count else {
                throw error("code-length repeat runs past the \(lengths.count) declared code lengths")
            }
            for offset in index..<index + repeatCount { lengths[offset] = value }
            index += repeatCount
        }
        guard lengths[256] != 0 else { throw error("dynamic block has no end-of-block code") }
        if let problem = literalTable.build(lengths: lengths[0..<literalCount], symbolEntries: HuffmanTable.literalLengthEntries) {
            throw error("bad literal/length code: \(problem)")
        }
        if let problem = distanceTable.build(lengths: lengths[literalCount...], symbolEntries: HuffmanTable.distanceEntries) {
            throw error("bad distance code: \(problem)")
        }
    }

    /// Decodes symbols with the current tables until the end-of-block symbol.
    ///
    /// One refill per symbol suffices: a length code with its extra bits and a distance code with its extra
    /// bits take at most 15 + 5 + 15 + 13 = 48 bits, and a refill leaves at least 56.
    mutating func decodeHuffmanBlock() throws {
        let literalMask = UInt64(1 << literalTable.primaryBits - 1)
        let distanceMask = UInt64(1 << distanceTable.primaryBits - 1)
        let literals = literalTable.entries
        let distances = distanceTable.entries
        try literals.withUnsafeBufferPointer { literalEntries in
            try distances.withUnsafeBufferPointer { distanceEntries in
                while true {
                    try refill()
                    var entry = literalEntries[Int(bitBuffer & literalMask)]
                    if entry & 0x8000 != 0 {
                        consume(Int(entry & 0xFF))
                        entry = literalEntries[Int(entry >> 16) + Int(bitBuffer & ((1 << ((entry >> 8) & 0xF)) - 1))]
                    }
                    consume(Int(entry & 0xFF))
                    let kind = (entry >> 8) & 0xFF
                    if kind == HuffmanTable.Kind.literal {
                        if outputCount >= capacity { try reserve(1) }
                        output[outputCount] = UInt8(truncatingIfNeeded: entry >> 16)
                        outputCount += 1
                        continue
                    }
                    guard kind & HuffmanTable.Kind.base != 0 else {
                        if kind == HuffmanTable.Kind.endOfBlock { return }
                        throw error("invalid literal/length code")
                    }
                    let lengthExtra = Int(kind & 0x1F)
                    let length = Int(entry >> 16) + Int(bitBuffer & ((1 << UInt64(lengthExtra)) - 1))
                    consume(lengthExtra)

                    var distanceEntry = distanceEntries[Int(bitBuffer & distanceMask)]
                    if distanceEntry & 0x8000 != 0 {
                        consume(Int(distanceEntry & 0xFF))
                        distanceEntry = distanceEntries[Int(distanceEntry >> 16)
                            + Int(bitBuffer & ((1 << ((distanceEntry >> 8) & 0xF)) - 1))]
                    }
                    consume(Int(distanceEntry & 0xFF))
                    let distanceKind = (distanceEntry >> 8) & 0xFF
                    guard distanceKind & HuffmanTable.Kind.base != 0 else { throw error("invalid distance code") }
                    let distanceExtra = Int(distanceKind & 0x1F)
                    let distance = Int(distanceEntry >> 16) + Int(bitBuffer & ((1 << UInt64(distanceExtra)) - 1))
                    consume(distanceExtra)
                    guard distance <= outputCount else {
                        throw error("back-reference distance \(distance) reaches before the start of the output (\(outputCount) bytes so far)")
                    }
                    if outputCount + length > capacity { try reserve(length) }
                    copyMatch(length: length, distance: distance)
                }
            }
        }
    }

    /// Appends `length` bytes copied from `distance` bytes back (the copy may overlap its own output).
    @inline(__always) private mutating func copyMatch(length: Int, distance: Int) {
        var destination = output + outputCount
        var source = destination - distance
        let end = destination + length
        if distance >= 8 {
            // Each 8-byte chunk reads bytes already written; the slack absorbs the overshoot.
            while destination < end {
                UnsafeMutableRawPointer(destination).storeBytes(
                    of: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self), as: UInt64.self)
                destination += 8
                source += 8
            }
        } else if distance == 1 {
            destination.update(repeating: source.pointee, count: length)
        } else {
            while destination < end {
                destination.pointee = source.pointee
                destination += 1
                source += 1
            }
        }
        outputCount += length
    }
}
