// A matrix product whose B is packed once and then multiplied by many row chunks of A, each chunk built on
// the fly (an im2col block, a block of output gradients) by whichever thread takes it.
//
// Per element of C it does exactly what `gemmBlock` does (the same k blocks, one FMA chain per block, the same
// epilogue), so results do not depend on how the rows are chunked nor on the thread count.

/// `op(B)` (`k × n`) packed into 16-column panels for every k block of `gemm`'s blocking.
struct PackedB {
    let k: Int
    let n: Int
    let kBlocks: Int
    let kcMax: Int
    let colPanels: Int
    let panels: UnsafeMutablePointer<Float>

    /// Floats needed to pack a `k × n` B.
    static func floatCount(k: Int, n: Int) -> Int { k * ((n + tileCols - 1) / tileCols) * tileCols }

    /// Packs `op(B)` (B stored `k × n`, or `n × k` when `transposed`, row stride `ldb`) into `panels`, which
    /// holds `floatCount(k:n:)` floats. Block `b` (starting at step p0) lies at `p0·colPanels·16`.
    init(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool, k: Int, n: Int, into panels: UnsafeMutablePointer<Float>) {
        self.k = k
        self.n = n
        kBlocks = max(1, (k + maxKBlock - 1) / maxKBlock)
        kcMax = (k + kBlocks - 1) / kBlocks
        colPanels = (n + tileCols - 1) / tileCols
        self.panels = panels
        // `packB` reads only B's pointer, stride and layout.
        let operands = GemmOperands(transposeA: false, transposeB: transposed, m: 0, n: n, k: k, a: b, lda: 0, b: b,
                                    ldb: ldb, c: panels, ldc: 0)
        for block in 0..<kBlocks {
            let p0 = block * kcMax
            packB(operands, p0: p0, kc: min(kcMax, k - p0), j0: 0, cols: n, panels + p0 * colPanels * tileCols)
        }
    }

    /// `C = act(A·op(B) + bias)` for `rows` rows of a row-major A (row stride `lda`), on the calling thread.
    /// `tile` is a scratch 6×16 tile; C is write-only.
    func multiply(_ a: UnsafePointer<Float>, lda: Int, rows: Int, _ c: UnsafeMutablePointer<Float>, ldc: Int,
                  bias: UnsafePointer<Float>?, activation: KernelActivation, tile: UnsafeMutablePointer<Float>) {
        let pairPanels = MatrixKernel.current == .avx512
        for block in 0..<kBlocks {
            let p0 = block * kcMax, kc = min(kcMax, k - p0)
            let isLast = block == kBlocks - 1
            let beta: Float = block == 0 ? 0 : 1
            let bias = isLast ? bias : nil
            let packed = UnsafePointer(panels + p0 * colPanels * tileCols)
            var ic = 0
            while ic < rows {
                let icEnd = min(ic + rowBlock(kc: kc), rows)
                var q = 0
                while q < colPanels {
                    let j = q * tileCols, width = min(tileCols, n - j)
                    let panel = packed + q * kc * tileCols
                    if pairPanels && q + 1 < colPanels && j + 2 * tileCols <= n {
                        multiplyPanelPair(kc, { a + p0 + $0 * lda }, lda, 1, rows: ic..<icEnd, panel,
                                          panel + kc * tileCols, c + j, ldc, 1, beta, bias.map { $0 + j }, tile: tile)
                        q += 2
                    } else {
                        multiplyPanel(kc, { a + p0 + $0 * lda }, lda, 1, rows: ic..<icEnd, panel, c + j, ldc,
                                      width: width, 1, beta, bias.map { $0 + j }, tile: tile)
                        q += 1
                    }
                }
                if isLast { activateRows(c + ic * ldc, ldc, rows: icEnd - ic, cols: n, activation) }
                ic = icEnd
            }
        }
    }
}

/// Applies an activation in place to `rows × cols` of C just finished (a row block, still in cache); one switch
/// per block, vector loops inline (`applyActivation` would cost a closure per call).
func activateRows(_ c: UnsafeMutablePointer<Float>, _ ldc: Int, rows: Int, cols: Int, _ activation: KernelActivation) {
    let (rows, cols) = ldc == cols ? (1, rows * cols) : (rows, cols)
    for r in 0..<rows {
        let row = c + r * ldc
        switch activation {
        case .linear: return
        case .relu:
            var k = 0
            while k + vecWidth <= cols {
                let v = load(row + k)
                store(v.replacing(with: 0, where: v .< 0), row + k)
                k += vecWidth
            }
            while k < cols {
                if row[k] < 0 { row[k] = 0 }
                k += 1
            }
        case .sigmoid: mapVectors(row, row, count: cols) { vsigmoid($0) }
        case .tanh: mapVectors(row, row, count: cols) { vtanh($0) }
        }
    }
}
