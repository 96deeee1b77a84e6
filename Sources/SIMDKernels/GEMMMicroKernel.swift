// The register-tiled inner kernel of sgemm: a 6×16 tile of C held in 12 AVX2 registers.

/// Rows of the register tile (broadcast A values).
let tileRows = 6
/// Columns of the register tile (two 8-float vectors of packed B).
let tileCols = 16

/// Computes one 6×16 tile: `C = alpha·(A·B) + beta·C + bias`, accumulated over `kc` steps.
///
/// A is read in place: element (r, p) of the 6-row panel is `a[r·rowStride + p·stepStride]` (row-major A:
/// strides `lda, 1`; transposed A: `1, lda`). When only `height < 6` rows exist, rows past the last one re-read
/// the last row (never out of bounds) and their results must be discarded. B is a packed `kc × 16` panel.
/// Each k step is 2 vector loads, 6 broadcasts and 12 FMAs; every C element is one FMA chain over p.
/// `beta == 0` does not read C; `bias` (16 floats) is added last.
@inline(never)
func microKernel(_ kc: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int, height: Int,
                 _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                 _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?) {
    var c00 = Vec(), c01 = Vec(), c10 = Vec(), c11 = Vec(), c20 = Vec(), c21 = Vec()
    var c30 = Vec(), c31 = Vec(), c40 = Vec(), c41 = Vec(), c50 = Vec(), c51 = Vec()
    let last = height - 1
    let r1 = min(1, last) * rowStride, r2 = min(2, last) * rowStride, r3 = min(3, last) * rowStride
    let r4 = min(4, last) * rowStride, r5 = min(5, last) * rowStride
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = load(pb), b1 = load(pb + 8)
        var s = Vec(repeating: pa[0])
        c00 = multiplyAdd(c00, s, b0)
        c01 = multiplyAdd(c01, s, b1)
        s = Vec(repeating: pa[r1])
        c10 = multiplyAdd(c10, s, b0)
        c11 = multiplyAdd(c11, s, b1)
        s = Vec(repeating: pa[r2])
        c20 = multiplyAdd(c20, s, b0)
        c21 = multiplyAdd(c21, s, b1)
        s = Vec(repeating: pa[r3])
        c30 = multiplyAdd(c30, s, b0)
        c31 = multiplyAdd(c31, s, b1)
        s = Vec(repeating: pa[r4])
        c40 = multiplyAdd(c40, s, b0)
        c41 = multiplyAdd(c41, s, b1)
        s = Vec(repeating: pa[r5])
        c50 = multiplyAdd(c50, s, b0)
        c51 = multiplyAdd(c51, s, b1)
        pa += stepStride
        pb += tileCols
    }
    finishRow(c00, c01, c, alpha, beta, bias)
    finishRow(c10, c11, c + ldc, alpha, beta, bias)
    finishRow(c20, c21, c + 2 * ldc, alpha, beta, bias)
    finishRow(c30, c31, c + 3 * ldc, alpha, beta, bias)
    finishRow(c40, c41, c + 4 * ldc, alpha, beta, bias)
    finishRow(c50, c51, c + 5 * ldc, alpha, beta, bias)
}

/// The last row panel when it has at most 3 rows: a 3×16 tile (6 accumulators), same arithmetic per element
/// as `microKernel`, about half the time of a 6-row call for such panels. Writes 3 rows of `c`.
@inline(never)
func microKernel3(_ kc: Int, _ a: UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int, height: Int,
                  _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    var c00 = Vec(), c01 = Vec(), c10 = Vec(), c11 = Vec(), c20 = Vec(), c21 = Vec()
    let last = height - 1
    let r1 = min(1, last) * rowStride, r2 = min(2, last) * rowStride
    var pa = a, pb = b
    for _ in 0..<kc {
        let b0 = load(pb), b1 = load(pb + 8)
        var s = Vec(repeating: pa[0])
        c00 = multiplyAdd(c00, s, b0)
        c01 = multiplyAdd(c01, s, b1)
        s = Vec(repeating: pa[r1])
        c10 = multiplyAdd(c10, s, b0)
        c11 = multiplyAdd(c11, s, b1)
        s = Vec(repeating: pa[r2])
        c20 = multiplyAdd(c20, s, b0)
        c21 = multiplyAdd(c21, s, b1)
        pa += stepStride
        pb += tileCols
    }
    finishRow(c00, c01, c, 1, 0, nil)
    finishRow(c10, c11, c + ldc, 1, 0, nil)
    finishRow(c20, c21, c + 2 * ldc, 1, 0, nil)
}

/// Writes one tile row: `c = alpha·acc (+ beta·c) (+ bias)`, in that order (the edge path repeats it in scalars).
@inline(__always)
func finishRow(_ v0: Vec, _ v1: Vec, _ c: UnsafeMutablePointer<Float>, _ alpha: Float, _ beta: Float,
               _ bias: UnsafePointer<Float>?) {
    var r0 = alpha * v0, r1 = alpha * v1
    if beta != 0 {
        r0 = r0 + beta * load(c)
        r1 = r1 + beta * load(c + 8)
    }
    if let bias {
        r0 = r0 + load(bias)
        r1 = r1 + load(bias + 8)
    }
    store(r0, c)
    store(r1, c + 8)
}

/// Writes the valid `rows × cols` corner (`cols` ≤ 16) of a tile computed into `tile` (row stride 16), with the
/// same operations as `finishRow`, so that edge elements round exactly like interior ones. C is only read when
/// `beta != 0`, and only its `cols` valid columns are touched.
@inline(__always)
func finishEdge(_ tile: UnsafePointer<Float>, rows: Int, cols: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?) {
    let biasLanes = bias.map { loadFirst(cols, $0) } ?? WideVec()
    for r in 0..<rows {
        let dst = c + r * ldc
        var v = alpha * loadWide(tile + r * tileCols)
        if beta != 0 { v = v + beta * loadFirst(cols, dst) }
        if bias != nil { v = v + biasLanes }
        storeFirst(cols, v, dst)
    }
}

/// The first `count` (≤ 16) floats at `p` in the low lanes, zeros above, read in whole 8-, 4- and 2-lane pieces.
@inline(__always)
func loadFirst(_ count: Int, _ p: UnsafePointer<Float>) -> WideVec {
    if count >= 8 {
        return WideVec(lowHalf: UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self),
                       highHalf: loadFirst8(count - 8, p + 8))
    }
    return WideVec(lowHalf: loadFirst8(count, p), highHalf: SIMD8())
}

/// The first `count` (≤ 8) floats at `p`, zeros above.
@inline(__always)
func loadFirst8(_ count: Int, _ p: UnsafePointer<Float>) -> SIMD8<Float> {
    if count == 8 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
    var low = SIMD4<Float>(), high = SIMD4<Float>()
    if count >= 4 {
        low = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
        for l in 4..<count { high[l - 4] = p[l] }
    } else {
        for l in 0..<count { low[l] = p[l] }
    }
    return SIMD8(lowHalf: low, highHalf: high)
}

/// Stores the low `count` (≤ 16) lanes of `v` at `p`, in whole 8-, 4- and 1-lane pieces.
@inline(__always)
func storeFirst(_ count: Int, _ v: WideVec, _ p: UnsafeMutablePointer<Float>) {
    if count >= 8 {
        UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD8<Float>.self)
        storeFirst8(count - 8, v.highHalf, p + 8)
    } else {
        storeFirst8(count, v.lowHalf, p)
    }
}

/// Stores the low `count` (≤ 8) lanes of `v` at `p`.
@inline(__always)
func storeFirst8(_ count: Int, _ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    if count == 8 {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
    } else if count >= 4 {
        UnsafeMutableRawPointer(p).storeBytes(of: v.lowHalf, as: SIMD4<Float>.self)
        for l in 4..<count { p[l] = v.highHalf[l - 4] }
    } else {
        for l in 0..<count { p[l] = v.lowHalf[l] }
    }
}
