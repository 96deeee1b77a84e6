// Public matrix-product entry points.

/// Single-precision general matrix product: `C = alpha·op(A)·op(B) + beta·C`, all matrices row-major.
///
/// `op(A)` is `m × k` (`A` stored `m × k`, or `k × m` when `transposeA`), `op(B)` is `k × n` (`B` stored `k × n`,
/// or `n × k` when `transposeB`). Each element of C is accumulated over k in a fixed order that does not
/// depend on the thread count, so results are bit-identical for any `KernelThreads.count`.
/// - Parameters:
///   - transposeA: Use Aᵀ.
///   - transposeB: Use Bᵀ.
///   - m: Rows of C.
///   - n: Columns of C.
///   - k: The inner dimension; `k == 0` gives `C = beta·C`.
///   - alpha: Scale of the product.
///   - a: The stored A.
///   - lda: Row stride of the stored A (≥ its column count).
///   - b: The stored B.
///   - ldb: Row stride of the stored B.
///   - beta: Scale of the previous C; `beta == 0` makes C write-only (it may hold NaN before).
///   - c: C, `m × n` with row stride `ldc`.
///   - ldc: Row stride of C (≥ n).
public func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                  a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    gemm(GemmOperands(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: lda,
                      b: b, ldb: ldb, c: c, ldc: ldc),
         GemmEpilogue(alpha: alpha, beta: beta, bias: nil, activation: .linear))
}

/// The operands of one product: stored matrices, their layouts and strides.
struct GemmOperands {
    var transposeA: Bool
    var transposeB: Bool
    var m: Int
    var n: Int
    var k: Int
    var a: UnsafePointer<Float>
    var lda: Int
    var b: UnsafePointer<Float>
    var ldb: Int
    var c: UnsafeMutablePointer<Float>
    var ldc: Int
}

/// What happens to a finished product: `C = act(alpha·AB + beta·C + bias)`.
struct GemmEpilogue {
    var alpha: Float
    var beta: Float
    var bias: UnsafePointer<Float>?
    var activation: KernelActivation
}

/// Applies `C = beta·C` (`beta == 0`: zeros), then bias and activation: the whole product when k == 0.
func scaleOnly(_ o: GemmOperands, _ e: GemmEpilogue) {
    for i in 0..<o.m {
        let row = o.c + i * o.ldc
        for j in 0..<o.n {
            var v: Float = e.beta == 0 ? 0 : e.beta * row[j]
            if let bias = e.bias { v += bias[j] }
            row[j] = v
        }
        if e.activation != .linear { applyActivation(e.activation, x: row, y: row, count: o.n) }
    }
}
