// Blocking and threading of sgemm around the micro-kernels (6×16 AVX2 tiles, or 12×32 and 12×16 AVX-512 tiles).
//
// Loop nest per thread (BLIS order): k blocks (pack B) → row blocks of A → 16-column panels of B (one stays
// in L1) → 6-row panels of A (read in place, streamed from L2) → micro-kernel. Threads own disjoint column
// (or row) ranges aligned to the tile grid, and the k blocking depends only on k: every element of C is
// computed by the same operations whatever the thread count.

/// Largest k block: a packed 16-column B panel of `maxKBlock` steps takes 16 KiB of L1.
let maxKBlock = 256
/// Rows of A swept per 16-column panel (a `maxRowBlock × kc` block of A stays in L2).
let maxRowBlock = 192
/// Rows of A swept per panel for a k block of `kc` steps: `maxRowBlock` (A reused from L2 across the panels), but
/// only 48 when `kc` is small, where writing C dominates: C is then written 48 full rows at a time rather than in
/// 16-column strips down a tall block (48 rather than 24: half the panel sweeps, 128 × 1600 × 10 at 120 GFLOP/s
/// rather than 112 on one thread; 96 was slower again at m = 128).
@inline(__always)
func rowBlock(kc: Int) -> Int { kc < 64 ? 48 : maxRowBlock }

/// A transposed A is packed (`packATiles`) when at least this many column panels reuse it...
let minPanelsToPackA = 16
/// ... over k blocks of at least this many steps.
let minStepsToPackA = 128

/// Products below this many flops run on one thread.
let parallelFlopThreshold = 1 << 21

/// Runs the blocked product `C = act(alpha·op(A)·op(B) + beta·C + bias)`.
func gemm(_ o: GemmOperands, _ e: GemmEpilogue) {
    guard o.m > 0, o.n > 0 else { return }
    guard o.k > 0 else { scaleOnly(o, e); return }
    let rowPanels = (o.m + tileRows - 1) / tileRows, colPanels = (o.n + tileCols - 1) / tileCols
    // From half the threshold on, products whose threads split more than one column panel (or the narrow
    // transposed strips) run on all threads too: 128 × 512 × 10 (NT) at 138 rather than 110 GFLOP/s on two threads,
    // 512 × 10 × 128 (TN) at 270 rather than 185; one panel split by rows (128 × 10 × 512, NN) was 5% slower.
    let flops = 2 * o.m * o.n * o.k
    let splitsWell = colPanels > 1 || isNarrowTransposed(o)
    let threads = flops >= parallelFlopThreshold || (splitsWell && 2 * flops >= parallelFlopThreshold)
        ? KernelThreads.count : 1
    if isNarrowTransposed(o) {
        narrowTransposedGemm(o, e, threads: threads)
        return
    }
    if threads <= 1 {
        gemmBlock(o, e, rows: 0..<o.m, cols: 0..<o.n)
        return
    }
    // Split C by columns when there are enough 16-column panels: each chunk packs only its own part of B and
    // reads A in place, so chunks can be small and handed out dynamically. Otherwise split by rows, 12-row tiles at
    // a time (each chunk packs all of B).
    // With a short k (under 64 steps) writing C is most of the work, and 16-column strips of a C that is not
    // 64-byte aligned share a cache line on every row with the next strip: two threads writing neighbouring strips
    // took three times as long as one thread (256 × 128 × 32: 57 against 172 GFLOP/s). Such products split by rows,
    // and so do tall ones (m ≥ 8n, the convolutions' im2col shapes), where every column chunk would stream all of A
    // (15488 × 288 × 64: 360 against 400 GFLOP/s for NumPy) while every row chunk packs only a small B.
    let rowUnits = (o.m + wideTileRows - 1) / wideTileRows
    let shortK = o.k < 64 && rowPanels >= 2 * threads
    let tall = o.m >= 8 * o.n && rowUnits >= 8 * threads
    let splitColumns = !shortK && !tall
        && (colPanels >= 2 * threads || (colPanels >= threads && rowPanels < 2 * threads))
    // Several chunks per thread (handed out as threads come free), except for short-k products split by rows and
    // for a transposed A that one chunk per thread still packs (784 × 512 × 128: 375 → 385 GFLOP/s).
    // With the AVX-512 kernel, and a pair of panels or more for every thread, columns are handed out by pairs, which
    // `multiplyPanelPair` computes as 12×32 tiles; a chunk of one panel ran on the 12×16 tile alone (two threads,
    // KernelBenchmark alternated, median GFLOP/s: 64 × 128 × 784 NN 231-245 → 287-328, 784 × 128 × 64 TN 211-315 →
    // 308-380). With fewer panels they go one by one (9 × 32 × 86528 TN: two panels, one a thread, not one pair).
    let columnUnit = splitColumns && MatrixKernel.current == .avx512 && colPanels >= 2 * threads ? 2 : 1
    let panels = splitColumns ? (colPanels + columnUnit - 1) / columnUnit : rowUnits
    let packsA = splitColumns && o.transposeA && o.k >= minStepsToPackA && colPanels >= minPanelsToPackA * threads
    let chunks = min(panels, shortK || packsA ? threads : 4 * threads)
    let unitCols = columnUnit * tileCols
    parallelChunks(chunks, threads: threads) { chunk in
        let first = panels * chunk / chunks, last = panels * (chunk + 1) / chunks
        if splitColumns {
            gemmBlock(o, e, rows: 0..<o.m, cols: (first * unitCols)..<min(last * unitCols, o.n))
        } else {
            gemmBlock(o, e, rows: (first * wideTileRows)..<min(last * wideTileRows, o.m), cols: 0..<o.n)
        }
    }
}

/// Computes the block `C[rows, cols]` on the calling thread; `rows.lowerBound` and `cols.lowerBound` lie on the
/// tile grid (multiples of 6 and 16).
func gemmBlock(_ o: GemmOperands, _ e: GemmEpilogue, rows: Range<Int>, cols: Range<Int>) {
    guard !rows.isEmpty, !cols.isEmpty else { return }
    let kBlocks = (o.k + maxKBlock - 1) / maxKBlock
    let kcMax = (o.k + kBlocks - 1) / kBlocks
    let colPanels = (cols.count + tileCols - 1) / tileCols
    let packedBCount = kcMax * colPanels * tileCols
    // A stored k × m (transposed) is read one short row piece per step, a cache line or two apart from the last;
    // when `minPanelsToPackA` column panels reuse it over `minStepsToPackA` steps, it is packed into 12-row tiles
    // that the micro-kernel reads front to back (seed000's 784 × 512 × 200 weight gradient: 208 → 222 GFLOP/s on
    // one thread; with fewer steps or panels the packing costs more than it saves).
    let packA = o.transposeA && colPanels >= minPanelsToPackA && kcMax >= minStepsToPackA
    let packedRows = (min(maxRowBlock, rows.count) + wideTileRows - 1) / wideTileRows * wideTileRows
    let packedACount = packA ? kcMax * packedRows : 0
    let scratch = ScratchPool.shared.take(4 * (packedBCount + packedACount + edgeTileFloats) + 128)
    defer { ScratchPool.shared.give(scratch) }
    let packedB = scratch.pointer.bindMemory(to: Float.self, capacity: scratch.bytes / 4)
    let packedA = packedB + (packedBCount + 15) & ~15
    let tile = packedA + (packedACount + 15) & ~15

    let pairPanels = MatrixKernel.current == .avx512
    for block in 0..<kBlocks {
        let p0 = block * kcMax, kc = min(kcMax, o.k - p0)
        let isLast = block == kBlocks - 1
        let beta = block == 0 ? e.beta : 1
        let bias = isLast ? e.bias : nil
        packB(o, p0: p0, kc: kc, j0: cols.lowerBound, cols: cols.count, packedB)
        var ic = rows.lowerBound
        while ic < rows.upperBound {
            let icEnd = min(ic + rowBlock(kc: kc), rows.upperBound)
            if packA { packATiles(o.a + p0 * o.lda + ic, lda: o.lda, rows: icEnd - ic, kc: kc, packedA) }
            var q = 0
            while q < colPanels {
                let j = cols.lowerBound + q * tileCols, width = min(tileCols, cols.upperBound - j)
                // Two full panels at a time with the AVX-512 kernel (`multiplyPanelPair`).
                let pair = pairPanels && q + 1 < colPanels && j + 2 * tileCols <= cols.upperBound
                let panel = UnsafePointer(packedB + q * kc * tileCols)
                let c = o.c + j, bias = bias.map { $0 + j }
                let first = ic
                let (a, rowStride, stepStride) = o.transposeA ? (o.a + p0 * o.lda, 1, o.lda) : (o.a + p0, o.lda, 1)
                func multiply(_ row: (Int) -> UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int) {
                    if pair {
                        multiplyPanelPair(kc, row, rowStride, stepStride, rows: ic..<icEnd, panel,
                                          panel + kc * tileCols, c, o.ldc, e.alpha, beta, bias, tile: tile)
                    } else {
                        multiplyPanel(kc, row, rowStride, stepStride, rows: ic..<icEnd, panel, c, o.ldc,
                                      width: width, e.alpha, beta, bias, tile: tile)
                    }
                }
                if packA {
                    multiply({ UnsafePointer(packedA) + packedTileOffset(row: $0 - first, kc: kc) }, 1, wideTileRows)
                } else {
                    multiply({ a + $0 * rowStride }, rowStride, stepStride)
                }
                let done = pair ? 2 * tileCols : width
                if isLast && e.activation != .linear {
                    activateRows(o.c + ic * o.ldc + j, o.ldc, rows: icEnd - ic, cols: done, e.activation)
                }
                q += pair ? 2 : 1
            }
            ic = icEnd
        }
    }
}
