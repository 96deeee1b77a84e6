/// How a loss lines up `yTrue` against `yPred` before computing, as Keras's `LossFunctionWrapper` does, and which
/// shapes it refuses.
extension Loss {
    /// The loss of a batch, throwing a `SwiftKerasError` where Keras raises on the shapes (a cross-entropy on
    /// `[3, 1]` labels against `[3, 3]` predictions, a mean squared error on shapes that do not broadcast).
    ///
    /// Ranks are aligned first, as `keras.losses` does: `[n]` against `[n, 1]` is one value per sample, not an
    /// `[n, n]` broadcast. `loss(yTrue, yPred)` computes the same value and traps where this throws.
    ///
    /// - Parameters:
    ///   - yTrue: labels or targets.
    ///   - yPred: predictions.
    /// - Returns: a scalar tensor, the batch mean, differentiable with respect to `yPred`.
    public func compute(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let (labels, predictions) = aligned(yTrue, yPred)
        if let problem = shapeProblem(labels, predictions) { throw SwiftKerasError.shapeMismatch(problem) }
        return evaluate(labels, predictions)
    }

    /// Keras's `squeeze_or_expand_to_same_rank`: when the ranks differ by one and the longer shape ends in 1,
    /// a rank-1 operand gains a trailing axis of 1, otherwise the longer one loses it. A custom loss gets its
    /// arguments as given.
    func aligned(_ yTrue: Tensor, _ yPred: Tensor) -> (Tensor, Tensor) {
        var (labels, predictions) = (yTrue, yPred)
        switch self {
        case .custom, .registered: return (labels, predictions)
        default: break
        }
        if labels.rank == predictions.rank + 1, labels.shape.last == 1 {
            if predictions.rank == 1 { predictions = predictions.reshaped(to: predictions.shape + [1]) }
            else { labels = labels.reshaped(to: Array(labels.shape.dropLast())) }
        } else if predictions.rank == labels.rank + 1, predictions.shape.last == 1 {
            if labels.rank == 1 { labels = labels.reshaped(to: labels.shape + [1]) }
            else { predictions = predictions.reshaped(to: Array(predictions.shape.dropLast())) }
        }
        return (labels, predictions)
    }

    /// Why Keras would refuse these (rank-aligned) shapes, or nil when it computes: the cross-entropies need
    /// equal shapes (class indices one axis short of the predictions for the sparse one), the mean squared and
    /// absolute errors need shapes that broadcast, and the losses computed sample by sample (hinges, Huber, log-cosh,
    /// KL divergence, Poisson, the logarithmic and percentage errors) need equal shapes.
    func shapeProblem(_ yTrue: Tensor, _ yPred: Tensor) -> String? {
        let shapes = "yTrue of shape \(yTrue.shape) and yPred of shape \(yPred.shape)"
        switch self {
        case .categoricalCrossentropy, .binaryCrossentropy:
            guard yTrue.shape != yPred.shape else { return nil }
            return "\(name) needs yTrue and yPred of the same shape, got \(shapes)"
        case .sparseCategoricalCrossentropy:
            var labelShape = yTrue.shape
            if labelShape.count == yPred.rank, labelShape.last == 1 { labelShape.removeLast() }
            if yPred.rank >= 1, labelShape == Array(yPred.shape.dropLast()) { return nil }
            return "\(name) needs class indices of shape \(Array(yPred.shape.dropLast())) (yPred's shape without its class axis), got \(shapes)"
        case .huber, .kullbackLeiblerDivergence, .hinge, .squaredHinge, .logCosh, .meanSquaredLogarithmicError,
             .meanAbsolutePercentageError, .categoricalHinge, .poisson:
            // Computed sample by sample (`rowwiseLoss`): equal shapes only. Keras would broadcast other ones; this
            // throws instead of computing something else.
            guard yTrue.shape != yPred.shape else { return nil }
            return "\(name) needs yTrue and yPred of the same shape (broadcasting them is not supported), got \(shapes)"
        case .meanSquaredError, .meanAbsoluteError:
            let rank = Swift.max(yTrue.rank, yPred.rank)
            let a = [Int](repeating: 1, count: rank - yTrue.rank) + yTrue.shape
            let b = [Int](repeating: 1, count: rank - yPred.rank) + yPred.shape
            guard zip(a, b).contains(where: { $0 != $1 && $0 != 1 && $1 != 1 }) else { return nil }
            return "\(name) needs yTrue and yPred of shapes that broadcast together, got \(shapes)"
        case .custom, .registered:
            return nil
        }
    }
}
