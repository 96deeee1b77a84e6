// Softmax and log-softmax along any axis (Keras's `ops.softmax(x, axis)` and `ops.log_softmax(x, axis)`); the
// one-argument forms in Tensor+Math.swift work on the last axis.

/// Softmax along `axis` (negative counts from the end): yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ} along that axis, computed stably.
/// `softmax(x, axis: -1)` is `softmax(x)`, whose output a cross-entropy reads from its logits.
///
/// - Parameters:
///   - x: the input.
///   - axis: the axis the probabilities sum to 1 along.
public func softmax(_ x: Tensor, axis: Int) -> Tensor {
    let resolved = x.normalizedAxis(axis)
    return resolved == x.rank - 1 ? softmax(x) : softmaxAlongAxis(x, axis: resolved)
}

/// Log-softmax along `axis` (negative counts from the end): xᵢ - log Σⱼ e^{xⱼ} along that axis, computed stably
/// (the maximum along the axis is subtracted first, as a constant).
///
/// - Parameters:
///   - x: the input.
///   - axis: the axis the exponentials sum to 1 along.
public func logSoftmax(_ x: Tensor, axis: Int) -> Tensor {
    let resolved = x.normalizedAxis(axis)
    if resolved == x.rank - 1 { return logSoftmax(x) }
    var kept = x.shape
    kept[resolved] = 1
    let shifted = x - x.detached.max(axis: resolved).reshaped(to: kept)
    return shifted - shifted.exp().sum(axis: resolved).log().reshaped(to: kept)
}

extension Tensor {
    /// The largest value, a scalar (Keras's `ops.max(x)` with no axis); the gradient flows to the first maximal
    /// element.
    public func max() -> Tensor { reshaped(to: [count]).max(axis: 0) }
}
