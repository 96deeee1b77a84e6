// Fused kernels for a dense layer y = act(x·w + bias): the forward pass and the whole backward pass.

/// Fused dense layer forward pass: `y = act(x·w + bias)`.
///
/// The bias and the activation are applied to each tile of y right after its last k block, while it is in cache.
/// - Parameters:
///   - m: Rows of x and y (the batch).
///   - n: Columns of w and y (the units).
///   - k: Columns of x, rows of w (the inputs).
///   - x: Input, `m × k`.
///   - w: Kernel, `k × n`.
///   - bias: Bias, `n` floats, or nil.
///   - activation: Activation applied last.
///   - y: Output, `m × n` (write-only).
public func denseForward(m: Int, n: Int, k: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                         bias: UnsafePointer<Float>?, activation: KernelActivation, y: UnsafeMutablePointer<Float>) {
    gemm(GemmOperands(transposeA: false, transposeB: false, m: m, n: n, k: k, a: x, lda: k, b: w, ldb: n,
                      c: y, ldc: n),
         GemmEpilogue(alpha: 1, beta: 0, bias: bias, activation: activation))
}

/// Fused dense layer backward pass from the layer's output `y = act(x·w + bias)` and its gradient `dy`:
/// `dz = dy ⊙ act'(y)` (written over `dy`), `dw (+)= xᵀ·dz`, `db (+)= Σ_rows dz`, `dx = dz·wᵀ`.
///
/// - Parameters:
///   - m: Rows of x and y (the batch).
///   - n: Columns of w and y (the units).
///   - k: Columns of x, rows of w (the inputs).
///   - x: The layer's input, `m × k`.
///   - w: Kernel, `k × n`.
///   - y: The layer's output, `m × n` (the activation's derivative is taken from it).
///   - activation: The layer's activation.
///   - dy: Gradient with respect to y, `m × n`; overwritten with `dz`.
///   - dw: Kernel gradient, `k × n`.
///   - db: Bias gradient, `n` floats, or nil.
///   - dx: Input gradient, `m × k` (write-only), or nil when not needed (first layer).
///   - accumulate: Add to `dw` and `db` instead of overwriting them.
public func denseBackward(m: Int, n: Int, k: Int, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                          y: UnsafePointer<Float>, activation: KernelActivation, dy: UnsafeMutablePointer<Float>,
                          dw: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>?,
                          dx: UnsafeMutablePointer<Float>?, accumulate: Bool) {
    guard m >= 0, n > 0, k >= 0 else { return }
    activationBackward(activation, output: y, gradient: dy, result: dy, count: m * n)
    let dz = UnsafePointer(dy)
    sgemm(transposeA: true, transposeB: false, m: k, n: n, k: m, alpha: 1, a: x, lda: k, b: dz, ldb: n,
          beta: accumulate ? 1 : 0, c: dw, ldc: n)
    if let db { columnSums(dz, rows: m, cols: n, db, accumulate: accumulate) }
    if let dx {
        sgemm(transposeA: false, transposeB: true, m: m, n: k, k: n, alpha: 1, a: dz, lda: n, b: w, ldb: n,
              beta: 0, c: dx, ldc: k)
    }
}
