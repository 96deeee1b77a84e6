// Row-wise softmax and log-softmax, numerically stable.

import Foundation

/// Row-wise softmax: `y[i, j] = e^{x[i, j] - m_i} / Σ_k e^{x[i, k] - m_i}` with `m_i` the row maximum.
///
/// - Parameters:
///   - x: Input, `rows × cols` floats.
///   - y: Output, `rows × cols` floats; may alias `x`. Each row sums to 1 (up to rounding).
///   - rows: Number of rows.
///   - cols: Number of columns.
public func softmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    guard cols > 0 else { return }
    for r in 0..<max(rows, 0) {
        let xr = x + r * cols, yr = y + r * cols
        let m = Vec(repeating: maximum(xr, cols))
        mapVectors(xr, yr, count: cols) { vexp($0 - m) }
        let total = Vec(repeating: sum(yr, count: cols))
        mapVectors(yr, yr, count: cols) { $0 / total }
    }
}

/// Row-wise log-softmax: `y[i, j] = (x[i, j] - m_i) - ln Σ_k e^{x[i, k] - m_i}` with `m_i` the row maximum.
///
/// - Parameters:
///   - x: Input, `rows × cols` floats.
///   - y: Output, `rows × cols` floats; may alias `x`.
///   - rows: Number of rows.
///   - cols: Number of columns.
public func logSoftmaxRows(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int) {
    guard cols > 0 else { return }
    for r in 0..<max(rows, 0) {
        let xr = x + r * cols, yr = y + r * cols
        let mx = maximum(xr, cols)
        let m = Vec(repeating: mx)
        // Σ e^{x - m} without writing: y may alias x and still holds the input.
        var acc = Vec()
        var j = 0
        while j + 8 <= cols {
            acc += vexp(load(xr + j) - m)
            j += 8
        }
        if j < cols {
            let n = cols - j
            acc += vexp(loadPartial(xr + j, n) - m).replacing(with: 0, where: laneIndices .>= Int32(n))
        }
        let logSum = Vec(repeating: Float(Foundation.log(Double(acc.sum()))))
        mapVectors(xr, yr, count: cols) { ($0 - m) - logSum }
    }
}

/// 0, 1, ..., 7 as a vector of lane indices.
let laneIndices = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
