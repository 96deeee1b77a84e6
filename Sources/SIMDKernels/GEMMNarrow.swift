// The weight gradient of an output layer, C = Aᵀ·B with a stored k × m A and only 6-12 columns (n = 10: the
// classes), computed transposed: a 16-column tile of the usual kind would leave 6 of its 16 lanes empty, so here
// the 16 lanes run along C's rows (A's stored rows, read in place) and C's n columns are the tile's 6-12 rows.
//
// Every element is the same FMA chain as in `gemmBlock` (same k blocks, `c = a·b + c` from zero in p order, where
// a·b = b·a exactly) with the same epilogue, so the result is bit-identical to the untransposed product.

/// Whether `gemm` computes this product with `narrowTransposedGemm`.
@inline(__always)
func isNarrowTransposed(_ o: GemmOperands) -> Bool {
    o.transposeA && o.n >= tileRows && o.n <= wideTileRows && o.m >= tileCols && MatrixKernel.current == .avx512
}

/// `C = act(alpha·Aᵀ·op(B) + beta·C + bias)` for a narrow C (see `isNarrowTransposed`): 16-row strips of C on up to
/// `threads` threads, the last `m mod 16` rows by `gemmBlock`.
func narrowTransposedGemm(_ o: GemmOperands, _ e: GemmEpilogue, threads: Int) {
    let strips = o.m / tileCols
    let chunks = min(strips, threads)
    parallelChunks(chunks, threads: threads) { chunk in
        narrowTransposedStrips((strips * chunk / chunks)..<(strips * (chunk + 1) / chunks), o, e)
    }
    if strips * tileCols < o.m { gemmBlock(o, e, rows: (strips * tileCols)..<o.m, cols: 0..<o.n) }
}

/// Computes C's rows `16·s ..< 16·s + 16` for every strip s in `strips`.
func narrowTransposedStrips(_ strips: Range<Int>, _ o: GemmOperands, _ e: GemmEpilogue) {
    let kBlocks = (o.k + maxKBlock - 1) / maxKBlock
    let kcMax = (o.k + kBlocks - 1) / kBlocks
    // The kernel's 12 × 16 tile in the first 16 × 16 square (its last 4 rows stay zero), its transpose in the second.
    let square = tileCols * tileCols
    let scratch = ScratchPool.shared.take(4 * 2 * square + 64)
    defer { ScratchPool.shared.give(scratch) }
    let tile = scratch.pointer.bindMemory(to: Float.self, capacity: 2 * square)
    tile.update(repeating: 0, count: square)
    let transposed = tile + square
    for s in strips {
        let i0 = s * tileCols
        for block in 0..<kBlocks {
            let p0 = block * kcMax, kc = min(kcMax, o.k - p0)
            let isLast = block == kBlocks - 1
            // op(B)'s column j, step p is the tile's row j, step p.
            let (b, rowStride, stepStride) = o.transposeB ? (o.b + p0, o.ldb, 1) : (o.b + p0 * o.ldb, 1, o.ldb)
            stridedWideMicroKernel(kc, b, rowStride, stepStride, height: o.n, o.a + p0 * o.lda + i0,
                                   bStepStride: o.lda, tile)
            transpose8x8(tile, tileCols, transposed, tileCols)
            transpose8x8(tile + 8, tileCols, transposed + 8 * tileCols, tileCols)
            transpose8x8(tile + 8 * tileCols, tileCols, transposed + 8, tileCols)
            transpose8x8(tile + 8 * tileCols + 8, tileCols, transposed + 8 * tileCols + 8, tileCols)
            finishEdge(transposed, rows: tileCols, cols: o.n, o.c + i0 * o.ldc, o.ldc, e.alpha,
                       block == 0 ? e.beta : 1, isLast ? e.bias : nil)
        }
        if e.activation != .linear {
            activateRows(o.c + i0 * o.ldc, o.ldc, rows: tileCols, cols: o.n, e.activation)
        }
    }
}
