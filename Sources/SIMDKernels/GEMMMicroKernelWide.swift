// The AVX-512 inner kernels of sgemm: a 12×16 tile of C held in 12 sixteen-lane registers (8 and 10 rows too), and
// two such tiles side by side (12×32, 24 registers).
//
// The packed B panel is the same 16-column panel the 6×16 kernel reads, and every element of C is the same FMA
// chain over p (`c = a[r, p]·b[p, j] + c`, from zero, in p order) with the same epilogue, so both kernels give
// bit-identical results: which one runs is a question of speed only.

/// Sixteen floats: one AVX-512 register (two AVX2 registers on a CPU without AVX-512).
typealias WideVec = SIMD16<Float>

/// Rows of the wide register tile.
let wideTileRows = 12

/// Loads 16 floats from a possibly unaligned address.
@inline(__always)
func loadWide(_ p: UnsafePointer<Float>) -> WideVec {
    UnsafeRawPointer(p).loadUnaligned(as: WideVec.self)
}

/// Stores 16 floats to a possibly unaligned address.
@inline(__always)
func storeWide(_ v: WideVec, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: WideVec.self)
}

/// Writes one wide tile row: `c = alpha·acc (+ beta·c) (+ bias)`, the operations of `finishRow`.
@inline(__always)
func finishWideRow(_ v: WideVec, _ c: UnsafeMutablePointer<Float>, _ alpha: Float, _ beta: Float,
                   _ bias: UnsafePointer<Float>?) {
    var r = alpha * v
    if beta != 0 { r = r + beta * loadWide(c) }
    if let bias { r = r + loadWide(bias) }
    storeWide(r, c)
}

/// How many rows a wide tile has (8, 10 or 12): one tile body, specialized per count, serves all three.
protocol WideTileHeight {
    static var rows: Int { get }
}

/// The full 12-row tile.
enum TwelveRows: WideTileHeight { static var rows: Int { 12 } }
/// A 10-row tile: the narrow transposed products' n = 10 columns, none wasted.
enum TenRows: WideTileHeight { static var rows: Int { 10 } }
/// An 8-row tile: the last 6-8 rows of a panel (m = 128, 200, 512 leave 8) at 8 FMAs per step, not 12.
enum EightRows: WideTileHeight { static var rows: Int { 8 } }

/// Rows of the short wide tile, for the last 6-8 rows of a panel.
let shortWideTileRows = EightRows.rows

/// Computes one 12×16 tile: `C = alpha·(A·B) + beta·C + bias`, accumulated over `kc` steps. A is read in place
/// as in `microKernel` (element (r, p) at `a[r·rowStride + p·stepStride]`); when only `height < 12` rows exist,
/// rows past the last one re-read the last row (never out of bounds) and their results must be discarded (write
/// to a scratch tile). B is a packed `kc × 16` panel. Each k step is 1 vector load and 12 broadcast FMAs.
@inline(never)
func wideMicroKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int,
                     height: Int = wideTileRows,
                     _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                     _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?) {
    // Two copies of the loop: a full tile's row pointers are one base and a stride (few registers); a short
    // tile's are clamped to its last row.
    if height == wideTileRows {
        wideTile(TwelveRows.self, kc, { a + $0 * rowStride }, stepStride, b, tileCols, c, ldc, alpha, beta, bias)
    } else {
        let last = height - 1
        wideTile(TwelveRows.self, kc, { a + Swift.min($0, last) * rowStride }, stepStride, b, tileCols, c, ldc,
                 alpha, beta, bias)
    }
}

/// `wideMicroKernel` for an 8×16 tile (6-8 rows; rows past `height` re-read the last row, write them to a scratch
/// tile).
@inline(never)
func shortWideMicroKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int, height: Int,
                          _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                          _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?) {
    let last = height - 1
    wideTile(EightRows.self, kc, { a + Swift.min($0, last) * rowStride }, stepStride, b, tileCols, c, ldc,
             alpha, beta, bias)
}

/// `wideMicroKernel` for 6-12 rows (`height`; rows past it re-read the last one) with B's 16 columns of step p at
/// `b + p·bStepStride` rather than in a packed panel, written to `tile` (row stride 16) as they are: an 8-, 10- or
/// 12-row tile, the smallest that holds `height` rows.
@inline(never)
func stridedWideMicroKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int, height: Int,
                            _ b: UnsafePointer<Float>, bStepStride: Int, _ tile: UnsafeMutablePointer<Float>) {
    let last = height - 1
    func row(_ r: Int) -> UnsafePointer<Float> { a + Swift.min(r, last) * rowStride }
    if height <= EightRows.rows {
        wideTile(EightRows.self, kc, row, stepStride, b, bStepStride, tile, tileCols, 1, 0, nil)
    } else if height <= TenRows.rows {
        wideTile(TenRows.self, kc, row, stepStride, b, bStepStride, tile, tileCols, 1, 0, nil)
    } else {
        wideTile(TwelveRows.self, kc, row, stepStride, b, bStepStride, tile, tileCols, 1, 0, nil)
    }
}

/// The body of the wide kernels: `Height.rows` rows, row r of A at `row(r)`, B's step p at `b + p·bStepStride`.
@inline(__always)
func wideTile<Height: WideTileHeight>(_: Height.Type, _ kc: Int, _ row: (Int) -> UnsafePointer<Float>,
                                      _ stepStride: Int, _ b: UnsafePointer<Float>, _ bStepStride: Int,
                                      _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                                      _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?) {
    let rows = Height.rows
    var c0 = WideVec(), c1 = WideVec(), c2 = WideVec(), c3 = WideVec(), c4 = WideVec(), c5 = WideVec()
    var c6 = WideVec(), c7 = WideVec(), c8 = WideVec(), c9 = WideVec(), c10 = WideVec(), c11 = WideVec()
    let a0 = row(0), a1 = row(1), a2 = row(2), a3 = row(3), a4 = row(4), a5 = row(5), a6 = row(6), a7 = row(7)
    let a8 = rows > 8 ? row(8) : a7, a9 = rows > 8 ? row(9) : a7
    let a10 = rows > 10 ? row(10) : a7, a11 = rows > 10 ? row(11) : a7
    var p = 0, pb = b
    for _ in 0..<kc {
        let bv = loadWide(pb)
        c0 = multiplyAdd(c0, WideVec(repeating: a0[p]), bv)
        c1 = multiplyAdd(c1, WideVec(repeating: a1[p]), bv)
        c2 = multiplyAdd(c2, WideVec(repeating: a2[p]), bv)
        c3 = multiplyAdd(c3, WideVec(repeating: a3[p]), bv)
        c4 = multiplyAdd(c4, WideVec(repeating: a4[p]), bv)
        c5 = multiplyAdd(c5, WideVec(repeating: a5[p]), bv)
        c6 = multiplyAdd(c6, WideVec(repeating: a6[p]), bv)
        c7 = multiplyAdd(c7, WideVec(repeating: a7[p]), bv)
        if rows > 8 {
            c8 = multiplyAdd(c8, WideVec(repeating: a8[p]), bv)
            c9 = multiplyAdd(c9, WideVec(repeating: a9[p]), bv)
        }
        if rows > 10 {
            c10 = multiplyAdd(c10, WideVec(repeating: a10[p]), bv)
            c11 = multiplyAdd(c11, WideVec(repeating: a11[p]), bv)
        }
        p += stepStride
        pb += bStepStride
    }
    finishWideRow(c0, c, alpha, beta, bias)
    finishWideRow(c1, c + ldc, alpha, beta, bias)
    finishWideRow(c2, c + 2 * ldc, alpha, beta, bias)
    finishWideRow(c3, c + 3 * ldc, alpha, beta, bias)
    finishWideRow(c4, c + 4 * ldc, alpha, beta, bias)
    finishWideRow(c5, c + 5 * ldc, alpha, beta, bias)
    finishWideRow(c6, c + 6 * ldc, alpha, beta, bias)
    finishWideRow(c7, c + 7 * ldc, alpha, beta, bias)
    if rows > 8 {
        finishWideRow(c8, c + 8 * ldc, alpha, beta, bias)
        finishWideRow(c9, c + 9 * ldc, alpha, beta, bias)
    }
    if rows > 10 {
        finishWideRow(c10, c + 10 * ldc, alpha, beta, bias)
        finishWideRow(c11, c + 11 * ldc, alpha, beta, bias)
    }
}

/// Two neighbouring 12×16 tiles at once (12 rows × 32 columns, 24 accumulators): each broadcast of A feeds two FMAs,
/// so a step is 2 vector loads and 12 broadcasts for 24 FMAs rather than 13 loads for 12. `b0` and `b1` are the two
/// packed panels; every element is the same FMA chain and epilogue as in `wideMicroKernel`.
@inline(never)
func widePairMicroKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int,
                         _ b0: UnsafePointer<Float>, _ b1: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
                         _ ldc: Int, _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?) {
    var l0 = WideVec(), l1 = WideVec(), l2 = WideVec(), l3 = WideVec(), l4 = WideVec(), l5 = WideVec()
    var l6 = WideVec(), l7 = WideVec(), l8 = WideVec(), l9 = WideVec(), l10 = WideVec(), l11 = WideVec()
    var r0 = WideVec(), r1 = WideVec(), r2 = WideVec(), r3 = WideVec(), r4 = WideVec(), r5 = WideVec()
    var r6 = WideVec(), r7 = WideVec(), r8 = WideVec(), r9 = WideVec(), r10 = WideVec(), r11 = WideVec()
    var p = 0, q = 0
    for _ in 0..<kc {
        let left = loadWide(b0 + q), right = loadWide(b1 + q)
        var s = WideVec(repeating: a[p])
        l0 = multiplyAdd(l0, s, left)
        r0 = multiplyAdd(r0, s, right)
        s = WideVec(repeating: a[p + rowStride])
        l1 = multiplyAdd(l1, s, left)
        r1 = multiplyAdd(r1, s, right)
        s = WideVec(repeating: a[p + 2 * rowStride])
        l2 = multiplyAdd(l2, s, left)
        r2 = multiplyAdd(r2, s, right)
        s = WideVec(repeating: a[p + 3 * rowStride])
        l3 = multiplyAdd(l3, s, left)
        r3 = multiplyAdd(r3, s, right)
        s = WideVec(repeating: a[p + 4 * rowStride])
        l4 = multiplyAdd(l4, s, left)
        r4 = multiplyAdd(r4, s, right)
        s = WideVec(repeating: a[p + 5 * rowStride])
        l5 = multiplyAdd(l5, s, left)
        r5 = multiplyAdd(r5, s, right)
        s = WideVec(repeating: a[p + 6 * rowStride])
        l6 = multiplyAdd(l6, s, left)
        r6 = multiplyAdd(r6, s, right)
        s = WideVec(repeating: a[p + 7 * rowStride])
        l7 = multiplyAdd(l7, s, left)
        r7 = multiplyAdd(r7, s, right)
        s = WideVec(repeating: a[p + 8 * rowStride])
        l8 = multiplyAdd(l8, s, left)
        r8 = multiplyAdd(r8, s, right)
        s = WideVec(repeating: a[p + 9 * rowStride])
        l9 = multiplyAdd(l9, s, left)
        r9 = multiplyAdd(r9, s, right)
        s = WideVec(repeating: a[p + 10 * rowStride])
        l10 = multiplyAdd(l10, s, left)
        r10 = multiplyAdd(r10, s, right)
        s = WideVec(repeating: a[p + 11 * rowStride])
        l11 = multiplyAdd(l11, s, left)
        r11 = multiplyAdd(r11, s, right)
        p += stepStride
        q += tileCols
    }
    let rightBias = bias.map { $0 + tileCols }
    finishWideRow(l0, c, alpha, beta, bias)
    finishWideRow(r0, c + tileCols, alpha, beta, rightBias)
    finishWideRow(l1, c + ldc, alpha, beta, bias)
    finishWideRow(r1, c + ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l2, c + 2 * ldc, alpha, beta, bias)
    finishWideRow(r2, c + 2 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l3, c + 3 * ldc, alpha, beta, bias)
    finishWideRow(r3, c + 3 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l4, c + 4 * ldc, alpha, beta, bias)
    finishWideRow(r4, c + 4 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l5, c + 5 * ldc, alpha, beta, bias)
    finishWideRow(r5, c + 5 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l6, c + 6 * ldc, alpha, beta, bias)
    finishWideRow(r6, c + 6 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l7, c + 7 * ldc, alpha, beta, bias)
    finishWideRow(r7, c + 7 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l8, c + 8 * ldc, alpha, beta, bias)
    finishWideRow(r8, c + 8 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l9, c + 9 * ldc, alpha, beta, bias)
    finishWideRow(r9, c + 9 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l10, c + 10 * ldc, alpha, beta, bias)
    finishWideRow(r10, c + 10 * ldc + tileCols, alpha, beta, rightBias)
    finishWideRow(l11, c + 11 * ldc, alpha, beta, bias)
    finishWideRow(r11, c + 11 * ldc + tileCols, alpha, beta, rightBias)
}
