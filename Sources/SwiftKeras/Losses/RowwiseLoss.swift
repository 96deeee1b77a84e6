/// A loss computed one sample (one row of the last axis) at a time and averaged over the rows, as Keras's
/// `LossFunctionWrapper` with its default reduction `sum_over_batch_size`, recorded with its gradient.
///
/// `row(t, p, width, dp)` returns one sample's loss from its `width` labels `t` and predictions `p`, and writes
/// d(loss)/d(p) into `dp`; the batch's loss is (1 / rows)·Σ row losses, and its gradient (g / rows)·dp. `Loss`
/// has already matched `[n]` against `[n, 1]` as Keras's `squeeze_or_expand_to_same_rank` does.
///
/// - Parameters:
///   - name: the loss's name, for the message when the shapes disagree.
///   - yTrue: labels, shaped like `yPred`.
///   - yPred: predictions `[..., width]`; the gradient flows to them only.
func rowwiseLoss(_ yTrue: Tensor, _ yPred: Tensor, name: String,
                 _ row: (UnsafePointer<Float>, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>) -> Float) -> Tensor {
    // `Loss` aligns the ranks and refuses unequal shapes (`shapeProblem`) before any of these losses runs.
    precondition(yTrue.shape == yPred.shape,
                 "\(name) needs labels shaped like the predictions: got labels \(yTrue.shape) and predictions \(yPred.shape)")
    let width = Swift.max(yPred.shape.last ?? 1, 1)
    let rows = yPred.count / width
    var derivative = [Float](repeating: 0, count: yPred.count)
    var total = 0.0
    yTrue.scalars.withUnsafeBufferPointer { t in
        yPred.scalars.withUnsafeBufferPointer { p in
            derivative.withUnsafeMutableBufferPointer { dp in
                for r in 0..<rows {
                    let offset = r * width
                    total += Double(row(t.baseAddress! + offset, p.baseAddress! + offset, width, dp.baseAddress! + offset))
                }
            }
        }
    }
    let loss = Tensor(Float(total / Double(Swift.max(rows, 1))))
    return Tensor.recorded(loss, inputs: [yPred]) { g in
        let scale = g.scalar / Float(Swift.max(rows, 1))
        return [Tensor(shape: yPred.shape, scalars: derivative.map { $0 * scale })]
    }
}

/// A rowwise loss whose per-sample value is the mean over the last axis of `term(t, p)`, a function of one label
/// and one prediction returning the value and its derivative with respect to `p` (Keras's `ops.mean(..., axis=-1)`).
func elementwiseMeanLoss(_ yTrue: Tensor, _ yPred: Tensor, name: String,
                         _ term: (_ t: Float, _ p: Float) -> (value: Float, derivative: Float)) -> Tensor {
    rowwiseLoss(yTrue, yPred, name: name) { t, p, width, dp in
        var sum: Float = 0
        for j in 0..<width {
            let (value, derivative) = term(t[j], p[j])
            sum += value
            dp[j] = derivative / Float(width)
        }
        return sum / Float(width)
    }
}

/// -1, 0 or 1: the derivative TensorFlow gives `abs` (0 at 0).
func signum(_ x: Float) -> Float { x > 0 ? 1 : (x < 0 ? -1 : 0) }
