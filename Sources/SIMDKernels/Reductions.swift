// Reductions over whole buffers and over the rows and columns of row-major matrices.
//
// Every reduction is serial and has a fixed summation order that depends only on the sizes.

/// Sums up to `sumBlock` floats with four independent vector accumulators (32 partial sums).
@inline(__always)
func blockSum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
    var a0 = Vec(), a1 = Vec(), a2 = Vec(), a3 = Vec()
    var i = 0
    while i + 32 <= count {
        a0 += load(x + i)
        a1 += load(x + i + 8)
        a2 += load(x + i + 16)
        a3 += load(x + i + 24)
        i += 32
    }
    while i + 8 <= count {
        a0 += load(x + i)
        i += 8
    }
    if i < count { a1 += loadPartial(x + i, count - i) }
    return ((a0 + a1) + (a2 + a3)).sum()
}

/// Size of the blocks summed directly; longer buffers are split in halves (pairwise summation).
let sumBlock = 2048

/// Pairwise sum: error grows like log(n) blocks instead of n.
func pairwiseSum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
    if count <= sumBlock { return blockSum(x, count) }
    let half = (count / 2 + 31) & ~31
    return pairwiseSum(x, half) + pairwiseSum(x + half, count - half)
}

/// Sum of a buffer: `Σ x[i]`, pairwise over blocks with several vector accumulators per block.
///
/// - Parameters:
///   - x: Input, `count` floats.
///   - count: Number of elements.
/// - Returns: The sum, 0 for an empty buffer.
public func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    count > 0 ? pairwiseSum(x, count) : 0
}

/// Dot product `Σ x[i]·y[i]` with several vector accumulators.
///
/// - Parameters:
///   - x: First operand, `count` floats.
///   - y: Second operand, `count` floats.
///   - count: Number of elements.
/// - Returns: The dot product, 0 for empty buffers.
public func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var a0 = Vec(), a1 = Vec(), a2 = Vec(), a3 = Vec()
    var i = 0
    while i + 32 <= count {
        a0 = multiplyAdd(a0, load(x + i), load(y + i))
        a1 = multiplyAdd(a1, load(x + i + 8), load(y + i + 8))
        a2 = multiplyAdd(a2, load(x + i + 16), load(y + i + 16))
        a3 = multiplyAdd(a3, load(x + i + 24), load(y + i + 24))
        i += 32
    }
    while i + 8 <= count {
        a0 = multiplyAdd(a0, load(x + i), load(y + i))
        i += 8
    }
    if i < count { a1 = multiplyAdd(a1, loadPartial(x + i, count - i), loadPartial(y + i, count - i)) }
    return ((a0 + a1) + (a2 + a3)).sum()
}

/// Column sums of a row-major matrix: `out[j] = Σ_i x[i, j]` (`accumulate`: `out[j] += Σ_i x[i, j]`).
///
/// Each column is summed in row order; with `accumulate` the column's sum is added to `out[j]` at the end.
/// - Parameters:
///   - x: Matrix, `rows × cols` floats.
///   - rows: Number of rows.
///   - cols: Number of columns.
///   - out: Result, `cols` floats.
///   - accumulate: Add to `out` instead of overwriting it.
public func columnSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, _ out: UnsafeMutablePointer<Float>,
                       accumulate: Bool) {
    guard cols > 0 else { return }
    var j = 0
    while j + 32 <= cols {
        var a0 = Vec(), a1 = Vec(), a2 = Vec(), a3 = Vec()
        var p = x + j
        for _ in 0..<max(rows, 0) {
            a0 += load(p)
            a1 += load(p + 8)
            a2 += load(p + 16)
            a3 += load(p + 24)
            p += cols
        }
        if accumulate {
            a0 = load(out + j) + a0
            a1 = load(out + j + 8) + a1
            a2 = load(out + j + 16) + a2
            a3 = load(out + j + 24) + a3
        }
        store(a0, out + j)
        store(a1, out + j + 8)
        store(a2, out + j + 16)
        store(a3, out + j + 24)
        j += 32
    }
    while j < cols {
        let n = min(8, cols - j)
        var a = Vec()
        var p = x + j
        if n == 8 {
            for _ in 0..<max(rows, 0) { a += load(p); p += cols }
            if accumulate { a = load(out + j) + a }
            store(a, out + j)
        } else {
            for _ in 0..<max(rows, 0) { a += loadPartial(p, n); p += cols }
            if accumulate { a = loadPartial(out + j, n) + a }
            storePartial(a, out + j, n)
        }
        j += n
    }
}

/// Row sums of a row-major matrix: `out[i] = Σ_j x[i, j]`, each row summed as `sum` does.
///
/// - Parameters:
///   - x: Matrix, `rows × cols` floats.
///   - rows: Number of rows.
///   - cols: Number of columns.
///   - out: Result, `rows` floats.
public func rowSums(_ x: UnsafePointer<Float>, rows: Int, cols: Int, _ out: UnsafeMutablePointer<Float>) {
    for i in 0..<max(rows, 0) { out[i] = sum(x + i * cols, count: cols) }
}

/// Maximum of `count ≥ 1` floats; NaN if any element is NaN.
@inline(__always)
func maximum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
    var m0 = Vec(repeating: -.infinity), m1 = m0
    var nan = SIMDMask<SIMD8<Int32>>()
    var i = 0
    while i + 16 <= count {
        let v0 = load(x + i), v1 = load(x + i + 8)
        m0 = m0.replacing(with: v0, where: m0 .< v0)
        m1 = m1.replacing(with: v1, where: m1 .< v1)
        nan .|= nanMask(v0) .| nanMask(v1)
        i += 16
    }
    while i < count {
        let n = min(8, count - i)
        let v = n == 8 ? load(x + i) : loadPartial(x + i, n, fill: -.infinity)
        m0 = m0.replacing(with: v, where: m0 .< v)
        nan .|= nanMask(v)
        i += n
    }
    if any(nan) { return .nan }
    return m0.replacing(with: m1, where: m0 .< m1).max()
}

/// Row maxima of a row-major matrix: `out[i] = max_j x[i, j]` (NaN if the row holds a NaN; -inf for `cols == 0`).
///
/// - Parameters:
///   - x: Matrix, `rows × cols` floats.
///   - rows: Number of rows.
///   - cols: Number of columns.
///   - out: Result, `rows` floats.
public func rowMax(_ x: UnsafePointer<Float>, rows: Int, cols: Int, _ out: UnsafeMutablePointer<Float>) {
    for i in 0..<max(rows, 0) { out[i] = cols > 0 ? maximum(x + i * cols, cols) : -.infinity }
}

/// Index of the first maximum of `count` floats, as NumPy's `argmax` (the first NaN wins if there is one).
@inline(__always)
func firstArgmax(_ x: UnsafePointer<Float>, _ count: Int) -> Int {
    var best = x[0]
    var index = 0
    if best.isNaN { return 0 }
    for j in 1..<max(count, 1) {
        let v = x[j]
        if v.isNaN { return j }
        if v > best { best = v; index = j }
    }
    return index
}

/// Row argmax of a row-major matrix: `out[i] = argmax_j x[i, j]`, the first maximum winning (as NumPy).
///
/// - Parameters:
///   - x: Matrix, `rows × cols` floats, `cols ≥ 1`.
///   - rows: Number of rows.
///   - cols: Number of columns.
///   - out: Result, `rows` indices.
public func rowArgmax(_ x: UnsafePointer<Float>, rows: Int, cols: Int, _ out: UnsafeMutablePointer<Int>) {
    guard cols > 0 else { return }
    for i in 0..<max(rows, 0) { out[i] = firstArgmax(x + i * cols, cols) }
}
