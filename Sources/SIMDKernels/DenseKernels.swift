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

