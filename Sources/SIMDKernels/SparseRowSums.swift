// The inner loops of `SparseInput`: reading a row's nonzero entries and summing picked rows of a dense matrix,
// each sum in a fixed order.

/// Writes the nonzero entries of one row (`cols` floats; a NaN counts as nonzero) to `columns`/`values`, and
/// where the entries of each block of `sourceBlockRows` columns start (numbered from `offset`) to `blockStarts`
/// (`blocks + 1` values, the last one the end). Returns `offset` plus the number of entries. Up to 7 slots past
/// the last entry may be written.
@inline(__always)
func readNonzeros(_ source: UnsafePointer<Float>, cols: Int, columns: UnsafeMutablePointer<Int32>,
                  values: UnsafeMutablePointer<Float>, blockStarts: UnsafeMutablePointer<Int32>, offset: Int) -> Int {
    let zero = Vec(repeating: 0), laneBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
    let lanesOfMask = UnsafePointer(laneTable)
    var count = 0
    var j = 0
    while j < cols {
        if j % sourceBlockRows == 0 { blockStarts[j / sourceBlockRows] = Int32(truncatingIfNeeded: offset + count) }
        let width = min(vecWidth, cols - j)
        // The nonzero lanes as a bit mask; a table lists them, so the eight copies below are unconditional (the
        // ones past the nonzero lanes are overwritten by the next vector).
        let v = width == vecWidth ? load(source + j) : loadPartial(source + j, width)
        let mask = Int(SIMD8<Int32>(repeating: 0).replacing(with: laneBits, where: v .!= zero).wrappedSum())
        if mask != 0 {
            let lanes = lanesOfMask + mask * vecWidth
            for t in 0..<vecWidth {
                let lane = Int(lanes[t])
                columns[count + t] = Int32(truncatingIfNeeded: j + lane)
                values[count + t] = source[j + lane]
            }
            count += mask.nonzeroBitCount
        }
        j += width
    }
    blockStarts[(cols + sourceBlockRows - 1) / sourceBlockRows] = Int32(truncatingIfNeeded: offset + count)
    return offset + count
}

/// For each 8-bit mask, the indices of its set bits in increasing order, padded with zeros to 8 bytes.
let laneTable: UnsafeMutablePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256 * vecWidth)
    table.initialize(repeating: 0, count: 256 * vecWidth)
    for mask in 0..<256 {
        var slot = 0
        for lane in 0..<vecWidth where mask & (1 << lane) != 0 {
            table[mask * vecWidth + slot] = UInt8(lane)
            slot += 1
        }
    }
    return table
}()

/// Below this many outer rows, `sumPickedRows` reads the source in place instead of copying it block by block.
let inPlaceOuterRows = 32

/// Compressed rows: each entry is an index into the source rows and a scale; outer row o's entries with an index
/// in block b (`b·sourceBlockRows ..< (b + 1)·sourceBlockRows`) are `blockStarts[o·(blocks + 1) + b] ..<
/// blockStarts[o·(blocks + 1) + b + 1]`.
struct SparseEntries {
    let blockStarts: UnsafePointer<Int32>
    let blocks: Int
    let index: UnsafePointer<Int32>
    let scale: UnsafePointer<Float>
}

/// Rows of the source summed per block: a block of 64 rows of a 64- or 128-column panel is copied to 16 or 32 KiB of
/// contiguous memory, which stays in L1 while every outer row takes its terms from it. (Read in place, rows a
/// power-of-two stride apart share a few cache sets and keep evicting each other.)
let sourceBlockRows = 64

/// `target[o, panel] = Σ_p scale[p] · source[index[p], panel]` for o in `outer`, each sum in order of p.
///
/// The source rows are taken in blocks of `sourceBlockRows`; an outer row's partial sum is kept in `target`
/// between blocks, which leaves the order of the additions unchanged.
@inline(__always)
func sumPickedRows(_ entries: SparseEntries, outer: Range<Int>, sourceRows: Int, source: UnsafePointer<Float>,
                   n: Int, panel: Range<Int>, target: UnsafeMutablePointer<Float>, epilogue: Epilogue?) {
    guard !outer.isEmpty else { return }
    let width = panel.count
    let finish = epilogue.map { Epilogue(bias: $0.bias.map { $0 + panel.lowerBound }, activation: $0.activation) }
    // Taken block by block, the partial sums go to the target and back once a block. Where the target's rows are off
    // a cache line (tensors are aligned to 16 bytes only), which splits each of those loads and stores in two, the
    // sums are kept in an aligned scratch panel instead and copied out at the end (KernelBenchmark, x·W at 200 × 512 with
    // the kernel and the target 16 bytes off: 169 µs, 157 staged, 158 aligned).
    let inPlace = outer.count < inPlaceOuterRows
    let staged = !inPlace && sourceRows > sourceBlockRows
        && !rowsStartOnCacheLines(target + panel.lowerBound, stride: n)
    let scratch = staged ? ScratchPool.shared.take(outer.count * width * MemoryLayout<Float>.stride) : nil
    let sums = scratch.map { $0.pointer.assumingMemoryBound(to: Float.self) - outer.lowerBound * width }
        ?? target + panel.lowerBound
    let sumStride = staged ? width : n
    defer {
        if let scratch {
            for o in outer { (target + o * n + panel.lowerBound).update(from: sums + o * width, count: width) }
            ScratchPool.shared.give(scratch)
        }
    }
    forEachSourceBlock(blocks: entries.blocks, inPlace: inPlace, sourceRows: sourceRows,
                       source: source, n: n, panel: panel) { blocks, base, stride in
        let finish = blocks.upperBound == entries.blocks ? finish : nil, accumulate = blocks.lowerBound > 0
        let span = blocks.count
        var o = outer.lowerBound
        // With AVX-512, two outer rows at a time: sixteen accumulators, two independent chains of sums.
        if width == widePanelWidth {
            while o + 1 < outer.upperBound {
                let bounds = entries.blockStarts + o * (entries.blocks + 1) + blocks.lowerBound
                let next = bounds + entries.blocks + 1
                defer { o += 2 }
                if accumulate && bounds[0] == bounds[span] && next[0] == next[span] && finish == nil { continue }
                sumScaledPanelPair(first: Int(bounds[0])..<Int(bounds[span]), second: Int(next[0])..<Int(next[span]),
                                   index: entries.index, scale: entries.scale, source: base, stride: stride,
                                   target: sums + o * sumStride, targetStride: sumStride, accumulate: accumulate,
                                   epilogue: finish)
            }
        }
        while o < outer.upperBound {
            let bounds = entries.blockStarts + o * (entries.blocks + 1) + blocks.lowerBound
            let first = Int(bounds[0]), last = Int(bounds[span])
            o += 1
            if accumulate && last == first && finish == nil { continue }
            sumScaledRows(count: width, range: first..<last, index: entries.index, scale: entries.scale,
                          source: base, stride: stride, target: sums + (o - 1) * sumStride,
                          accumulate: accumulate, epilogue: finish)
        }
    }
}

/// `sumPickedRows` over pairs of outer rows, 2q and 2q + 1, from `entries` kept by pair: pair q's entries are those
/// of "outer row" q in `SparseEntries`' layout, each with two scales, `scale[2p]` for row 2q and `scale[2p + 1]`
/// for row 2q + 1 (0 where that row has no term). Computes `target[o, panel]` for o in `2·pairs.lowerBound ..<
/// min(2·pairs.upperBound, outerCount)`, each sum in order of its source rows. A source row that both rows of a
/// pair pick is loaded once for both sums (neighbouring pixels are mostly nonzero in the same images). The zero
/// scale of a row without that term adds 0·v, which leaves its sum unchanged bit for bit for finite v: a sum starts
/// at +0 and a correctly rounded sum is -0 only when both addends are, so it is never -0, and s + (±0) = s.
@inline(__always)
func sumPickedRowPairs(_ entries: SparseEntries, pairs: Range<Int>, outerCount: Int, sourceRows: Int,
                       source: UnsafePointer<Float>, n: Int, panel: Range<Int>, target: UnsafeMutablePointer<Float>) {
    guard !pairs.isEmpty else { return }
    forEachSourceBlock(blocks: entries.blocks, inPlace: pairs.count < inPlaceOuterRows / 2, sourceRows: sourceRows,
                       source: source, n: n, panel: panel) { blocks, base, stride in
        let accumulate = blocks.lowerBound > 0, span = blocks.count
        for q in pairs {
            let bounds = entries.blockStarts + q * (entries.blocks + 1) + blocks.lowerBound
            let range = Int(bounds[0])..<Int(bounds[span])
            if accumulate && range.isEmpty { continue }
            sumScaledRowPair(count: panel.count, range: range, index: entries.index, scale: entries.scale,
                             source: base, stride: stride, target: target + 2 * q * n + panel.lowerBound,
                             targetStride: n, writesSecond: 2 * q + 1 < outerCount, accumulate: accumulate)
        }
    }
}

/// `target[0..<count] (+)= Σ_{p in range} scale[2p] · v_p` and `target[targetStride ..< targetStride + count] (+)=
/// Σ_{p in range} scale[2p + 1] · v_p`, v_p = `source[index[p]·stride + 0..<count]`, each summed in order of p; the
/// second row is left alone unless `writesSecond`.
@inline(__always)
func sumScaledRowPair(count: Int, range: Range<Int>, index: UnsafePointer<Int32>, scale: UnsafePointer<Float>,
                      source: UnsafePointer<Float>, stride: Int, target: UnsafeMutablePointer<Float>,
                      targetStride: Int, writesSecond: Bool, accumulate: Bool) {
    if count == widePanelWidth {
        sumScaledPanelRowPair(WideVec.self, range: range, index: index, scale: scale, source: source, stride: stride,
                              target: target, targetStride: targetStride, writesSecond: writesSecond,
                              accumulate: accumulate)
        return
    }
    if count == panelWidth {
        sumScaledPanelRowPair(Vec.self, range: range, index: index, scale: scale, source: source, stride: stride,
                              target: target, targetStride: targetStride, writesSecond: writesSecond,
                              accumulate: accumulate)
        return
    }
    let other = target + targetStride
    var j = 0
    while j < count {
        let width = min(vecWidth, count - j)
        @inline(__always) func get(_ p: UnsafePointer<Float>) -> Vec { width == vecWidth ? load(p) : loadPartial(p, width) }
        var acc = Vec(repeating: 0), acc2 = acc
        if accumulate {
            acc = get(target + j)
            if writesSecond { acc2 = get(other + j) }
        }
        for p in range {
            let values = get(source + Int(index[p]) * stride + j)
            acc = multiplyAdd(acc, Vec(repeating: scale[2 * p]), values)
            acc2 = multiplyAdd(acc2, Vec(repeating: scale[2 * p + 1]), values)
        }
        if width == vecWidth { store(acc, target + j) } else { storePartial(acc, target + j, width) }
        if writesSecond { if width == vecWidth { store(acc2, other + j) } else { storePartial(acc2, other + j, width) } }
        j += width
    }
}

/// `sumScaledRowPair` for a full panel of eight vectors: sixteen accumulators, two independent chains, and each
/// loaded vector feeds both.
@inline(never)
func sumScaledPanelRowPair<V: SIMD>(_: V.Type, range: Range<Int>, index: UnsafePointer<Int32>,
                                    scale: UnsafePointer<Float>, source: UnsafePointer<Float>, stride: Int,
                                    target: UnsafeMutablePointer<Float>, targetStride: Int, writesSecond: Bool,
                                    accumulate: Bool) where V.Scalar == Float {
    let w = V.scalarCount
    @inline(__always) func get(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    let other = target + targetStride
    var a0 = V(repeating: 0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
    var b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0
    if accumulate {
        let t = UnsafePointer(target)
        (a0, a1, a2, a3, a4, a5, a6, a7) = loadEight(t)
        if writesSecond {
            let u = UnsafePointer(other)
            (b0, b1, b2, b3, b4, b5, b6, b7) = loadEight(u)
        }
    }
    for p in range {
        let row = source + Int(index[p]) * stride
        let s = V(repeating: scale[2 * p]), s2 = V(repeating: scale[2 * p + 1])
        var v = get(row)
        a0 = multiplyAdd(a0, s, v); b0 = multiplyAdd(b0, s2, v)
        v = get(row + w); a1 = multiplyAdd(a1, s, v); b1 = multiplyAdd(b1, s2, v)
        v = get(row + 2 * w); a2 = multiplyAdd(a2, s, v); b2 = multiplyAdd(b2, s2, v)
        v = get(row + 3 * w); a3 = multiplyAdd(a3, s, v); b3 = multiplyAdd(b3, s2, v)
        v = get(row + 4 * w); a4 = multiplyAdd(a4, s, v); b4 = multiplyAdd(b4, s2, v)
        v = get(row + 5 * w); a5 = multiplyAdd(a5, s, v); b5 = multiplyAdd(b5, s2, v)
        v = get(row + 6 * w); a6 = multiplyAdd(a6, s, v); b6 = multiplyAdd(b6, s2, v)
        v = get(row + 7 * w); a7 = multiplyAdd(a7, s, v); b7 = multiplyAdd(b7, s2, v)
    }
    storeEight(target, a0, a1, a2, a3, a4, a5, a6, a7)
    if writesSecond { storeEight(other, b0, b1, b2, b3, b4, b5, b6, b7) }
}

/// Loads eight vectors one after another from `p`.
@inline(__always)
func loadEight<V: SIMD>(_ p: UnsafePointer<Float>) -> (V, V, V, V, V, V, V, V) where V.Scalar == Float {
    let raw = UnsafeRawPointer(p), w = 4 * V.scalarCount
    @inline(__always) func get(_ offset: Int) -> V { raw.loadUnaligned(fromByteOffset: offset, as: V.self) }
    return (get(0), get(w), get(2 * w), get(3 * w), get(4 * w), get(5 * w), get(6 * w), get(7 * w))
}

/// Stores eight vectors one after another from `out`.
@inline(__always)
func storeEight<V: SIMD>(_ out: UnsafeMutablePointer<Float>, _ x0: V, _ x1: V, _ x2: V, _ x3: V, _ x4: V, _ x5: V,
                         _ x6: V, _ x7: V) where V.Scalar == Float {
    let raw = UnsafeMutableRawPointer(out), w = 4 * V.scalarCount
    raw.storeBytes(of: x0, toByteOffset: 0, as: V.self); raw.storeBytes(of: x1, toByteOffset: w, as: V.self)
    raw.storeBytes(of: x2, toByteOffset: 2 * w, as: V.self); raw.storeBytes(of: x3, toByteOffset: 3 * w, as: V.self)
    raw.storeBytes(of: x4, toByteOffset: 4 * w, as: V.self); raw.storeBytes(of: x5, toByteOffset: 5 * w, as: V.self)
    raw.storeBytes(of: x6, toByteOffset: 6 * w, as: V.self); raw.storeBytes(of: x7, toByteOffset: 7 * w, as: V.self)
}

/// Whether every row of a matrix whose first row starts at `first`, rows `stride` floats apart, starts on a 64-byte
/// cache line (the first does and the stride is a whole number of lines).
@inline(__always)
func rowsStartOnCacheLines(_ first: UnsafePointer<Float>, stride: Int) -> Bool {
    Int(bitPattern: first) % 64 == 0 && stride % 16 == 0
}

/// Runs `body(blocks, base, stride)` over the source's column `panel` in blocks of `sourceBlockRows` rows, where
/// source row r is at `base + r · stride` (r counted from the start of `source`, not of the block). Each block is
/// first copied to contiguous memory, where it stays in L1 while every outer row takes its terms from it; with
/// `inPlace` (few outer rows, which would not repay the copies) or a source of one block, a single call reads the
/// source where it is, with `blocks` all of them. (Read in place, rows a power-of-two stride apart share a few
/// cache sets and keep evicting each other.)
@inline(__always)
func forEachSourceBlock(blocks: Int, inPlace: Bool, sourceRows: Int, source: UnsafePointer<Float>, n: Int,
                        panel: Range<Int>, _ body: (Range<Int>, UnsafePointer<Float>, Int) -> Void) {
    // A source of one block is read where it is only when its rows start on cache lines: tensors are not aligned
    // beyond 16 bytes, and copying a misaligned one (`dz` of a batch of 32 to 64 rows) costs less than splitting
    // each of its many loads (KernelBenchmark, xᵀ·dz at 50 × 256 with `dz` and `dw` 16 bytes off: 33 µs read in
    // place, 24 copied, 19.5 aligned).
    if inPlace || sourceRows <= sourceBlockRows && rowsStartOnCacheLines(source + panel.lowerBound, stride: n) {
        body(0..<blocks, source + panel.lowerBound, n)
        return
    }
    let width = panel.count
    // Aligned to a cache line: a block on the stack where `Float`'s alignment put it split every vector load in
    // two whenever the thread's stack left it off a 64-byte boundary (x·W at 200 × 512: 214 µs instead of 156).
    withUnsafeTemporaryAllocation(byteCount: sourceBlockRows * widePanelWidth * MemoryLayout<Float>.stride,
                                  alignment: 64) { block in
        let packed = block.baseAddress!.bindMemory(to: Float.self, capacity: sourceBlockRows * widePanelWidth)
        for b in 0..<blocks {
            let blockStart = b * sourceBlockRows, blockEnd = min(blockStart + sourceBlockRows, sourceRows)
            for r in blockStart..<blockEnd {
                let from = source + r * n + panel.lowerBound, to = packed + (r - blockStart) * width
                if width == panelWidth || width == widePanelWidth {
                    for j in stride(from: 0, to: width, by: vecWidth) { store(load(from + j), to + j) }
                } else {
                    to.update(from: from, count: width)
                }
            }
            body(b..<(b + 1), UnsafePointer(packed - blockStart * width), width)
        }
    }
}

/// `target[0..<count] (+)= Σ_{p in range} scale[p] · source[index[p]·stride + 0..<count]`, summed in order of p.
@inline(__always)
func sumScaledRows(count: Int, range: Range<Int>, index: UnsafePointer<Int32>, scale: UnsafePointer<Float>,
                   source: UnsafePointer<Float>, stride: Int, target: UnsafeMutablePointer<Float>, accumulate: Bool,
                   epilogue: Epilogue?) {
    if count == widePanelWidth {
        sumScaledPanel(WideVec.self, range: range, index: index, scale: scale, source: source, stride: stride,
                       target: target, accumulate: accumulate, epilogue: epilogue)
        return
    }
    if count == panelWidth {
        sumScaledPanel(Vec.self, range: range, index: index, scale: scale, source: source, stride: stride,
                       target: target, accumulate: accumulate, epilogue: epilogue)
        return
    }
    var j = 0
    while j < count {
        let width = min(vecWidth, count - j)
        var acc = Vec(repeating: 0)
        if accumulate { acc = width == vecWidth ? load(target + j) : loadPartial(target + j, width) }
        for p in range {
            let row = source + Int(index[p]) * stride + j
            let values = width == vecWidth ? load(row) : loadPartial(row, width)
            acc = multiplyAdd(acc, Vec(repeating: scale[p]), values)
        }
        if width == vecWidth { store(acc, target + j) } else { storePartial(acc, target + j, width) }
        j += width
    }
    if let epilogue { finishRow(target, count: count, bias: epilogue.bias, activation: epilogue.activation) }
}

/// `sumScaledRows` for a full panel of eight vectors (64 columns of AVX2 registers, 128 of AVX-512 ones): eight
/// independent accumulators, enough to hide the FMA latency; the epilogue runs on the stored sums, each element
/// with the same operations as the general path.
@inline(never)
func sumScaledPanel<V: SIMD>(_: V.Type, range: Range<Int>, index: UnsafePointer<Int32>, scale: UnsafePointer<Float>,
                             source: UnsafePointer<Float>, stride: Int, target: UnsafeMutablePointer<Float>,
                             accumulate: Bool, epilogue: Epilogue?) where V.Scalar == Float {
    let w = V.scalarCount
    @inline(__always) func get(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    var a0 = V(repeating: 0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
    if accumulate {
        let t = UnsafePointer(target)
        (a0, a1, a2, a3, a4, a5, a6, a7) = loadEight(t)
    }
    for p in range {
        let row = source + Int(index[p]) * stride
        let s = V(repeating: scale[p])
        a0 = multiplyAdd(a0, s, get(row))
        a1 = multiplyAdd(a1, s, get(row + w))
        a2 = multiplyAdd(a2, s, get(row + 2 * w))
        a3 = multiplyAdd(a3, s, get(row + 3 * w))
        a4 = multiplyAdd(a4, s, get(row + 4 * w))
        a5 = multiplyAdd(a5, s, get(row + 5 * w))
        a6 = multiplyAdd(a6, s, get(row + 6 * w))
        a7 = multiplyAdd(a7, s, get(row + 7 * w))
    }
    storeEight(target, a0, a1, a2, a3, a4, a5, a6, a7)
    if let epilogue { finishRow(target, count: 8 * w, bias: epilogue.bias, activation: epilogue.activation) }
}

/// `sumScaledPanel` of a 128-column AVX-512 panel for two target rows (`target` and `target + targetStride`) at
/// once: their sixteen accumulators make two independent chains of fused multiply-adds, which keeps both FMA units
/// busy where one row's short sum (a dozen terms per block) would wait on its own chain. Each row's sum takes its own
/// terms in order, so the result is that of two `sumScaledPanel` calls.
@inline(never)
func sumScaledPanelPair(first: Range<Int>, second: Range<Int>, index: UnsafePointer<Int32>, scale: UnsafePointer<Float>,
                        source: UnsafePointer<Float>, stride: Int, target: UnsafeMutablePointer<Float>,
                        targetStride: Int, accumulate: Bool, epilogue: Epilogue?) {
    typealias V = WideVec
    let w = V.scalarCount
    @inline(__always) func get(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
    let other = target + targetStride
    var a0 = V(repeating: 0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
    var b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0
    if accumulate {
        let t = UnsafePointer(target), u = UnsafePointer(other)
        (a0, a1, a2, a3, a4, a5, a6, a7) = loadEight(t)
        (b0, b1, b2, b3, b4, b5, b6, b7) = loadEight(u)
    }
    let common = min(first.count, second.count)
    for t in 0..<common {
        let p = first.lowerBound + t, q = second.lowerBound + t
        let row = source + Int(index[p]) * stride, s = V(repeating: scale[p])
        let row2 = source + Int(index[q]) * stride, s2 = V(repeating: scale[q])
        a0 = multiplyAdd(a0, s, get(row)); b0 = multiplyAdd(b0, s2, get(row2))
        a1 = multiplyAdd(a1, s, get(row + w)); b1 = multiplyAdd(b1, s2, get(row2 + w))
        a2 = multiplyAdd(a2, s, get(row + 2 * w)); b2 = multiplyAdd(b2, s2, get(row2 + 2 * w))
        a3 = multiplyAdd(a3, s, get(row + 3 * w)); b3 = multiplyAdd(b3, s2, get(row2 + 3 * w))
        a4 = multiplyAdd(a4, s, get(row + 4 * w)); b4 = multiplyAdd(b4, s2, get(row2 + 4 * w))
        a5 = multiplyAdd(a5, s, get(row + 5 * w)); b5 = multiplyAdd(b5, s2, get(row2 + 5 * w))
        a6 = multiplyAdd(a6, s, get(row + 6 * w)); b6 = multiplyAdd(b6, s2, get(row2 + 6 * w))
        a7 = multiplyAdd(a7, s, get(row + 7 * w)); b7 = multiplyAdd(b7, s2, get(row2 + 7 * w))
    }
    for p in (first.lowerBound + common)..<first.upperBound {
        let row = source + Int(index[p]) * stride, s = V(repeating: scale[p])
        a0 = multiplyAdd(a0, s, get(row)); a1 = multiplyAdd(a1, s, get(row + w))
        a2 = multiplyAdd(a2, s, get(row + 2 * w)); a3 = multiplyAdd(a3, s, get(row + 3 * w))
        a4 = multiplyAdd(a4, s, get(row + 4 * w)); a5 = multiplyAdd(a5, s, get(row + 5 * w))
        a6 = multiplyAdd(a6, s, get(row + 6 * w)); a7 = multiplyAdd(a7, s, get(row + 7 * w))
    }
    for q in (second.lowerBound + common)..<second.upperBound {
        let row = source + Int(index[q]) * stride, s = V(repeating: scale[q])
        b0 = multiplyAdd(b0, s, get(row)); b1 = multiplyAdd(b1, s, get(row + w))
        b2 = multiplyAdd(b2, s, get(row + 2 * w)); b3 = multiplyAdd(b3, s, get(row + 3 * w))
        b4 = multiplyAdd(b4, s, get(row + 4 * w)); b5 = multiplyAdd(b5, s, get(row + 5 * w))
        b6 = multiplyAdd(b6, s, get(row + 6 * w)); b7 = multiplyAdd(b7, s, get(row + 7 * w))
    }
    @inline(__always) func put(_ out: UnsafeMutablePointer<Float>, _ x0: V, _ x1: V, _ x2: V, _ x3: V, _ x4: V, _ x5: V,
                               _ x6: V, _ x7: V) {
        storeEight(out, x0, x1, x2, x3, x4, x5, x6, x7)
        if let epilogue { finishRow(out, count: 8 * w, bias: epilogue.bias, activation: epilogue.activation) }
    }
    put(target, a0, a1, a2, a3, a4, a5, a6, a7)
    put(other, b0, b1, b2, b3, b4, b5, b6, b7)
}

/// What the last block of a sum applies before storing: `act(sum + bias)`.
struct Epilogue {
    let bias: UnsafePointer<Float>?
    let activation: KernelActivation
}

/// `row = act(row + bias)` over `count` floats.
@inline(__always)
func finishRow(_ row: UnsafeMutablePointer<Float>, count: Int, bias: UnsafePointer<Float>?, activation: KernelActivation) {
    var j = 0
    while j < count {
        let width = min(vecWidth, count - j)
        var v = width == vecWidth ? load(row + j) : loadPartial(row + j, width)
        if let bias { v += width == vecWidth ? load(bias + j) : loadPartial(bias + j, width) }
        v = activate(v, activation)
        if width == vecWidth { store(v, row + j) } else { storePartial(v, row + j, width) }
        j += width
    }
}

/// A growable buffer that keeps its storage between uses.
struct Buffer<Element> {
    private(set) var pointer = UnsafeMutablePointer<Element>.allocate(capacity: 1)
    private(set) var capacity = 1

    /// Makes room for `count` elements (the contents are not kept).
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        capacity = max(count, capacity * 2)
        pointer = .allocate(capacity: capacity)
    }

    /// Releases the storage.
    func free() { pointer.deallocate() }
}
