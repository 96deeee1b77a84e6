/// A training objective, like Keras's built-in losses: `loss(yTrue, yPred)` is a scalar tensor, the mean over
/// the batch of the per-sample losses (Keras's default reduction).
public enum Loss {
    /// mean((yPred - yTrue)²) over the last axis, then over the batch.
    case meanSquaredError
    /// mean(|yPred - yTrue|) over the last axis, then over the batch.
    case meanAbsoluteError
    /// -Σ yTrue·log(p) over classes with one-hot `yTrue`; p = softmax(yPred) when `fromLogits`, else the given
    /// probabilities normalized to sum 1 and clipped to [1e-7, 1 - 1e-7].
    case categoricalCrossentropy(fromLogits: Bool = false)
    /// Categorical cross-entropy with integer class labels `yTrue` of shape `[batch]`.
    case sparseCategoricalCrossentropy(fromLogits: Bool = false)
    /// -(y·log p + (1 - y)·log(1 - p)) averaged over the last axis, with p clipped to [1e-7, 1 - 1e-7]; from
    /// logits (or from a sigmoid's output, as Keras does) it is max(z, 0) - z·y + log(1 + e^-|z|).
    case binaryCrossentropy(fromLogits: Bool = false)
    /// Keras's `Huber`: ½e² where |e| ≤ `delta`, else `delta`·|e| - ½`delta`², e = yPred - yTrue, averaged over
    /// the last axis.
    case huber(delta: Float = 1)
    /// Keras's `KLDivergence`: Σ y·log(y / p) over the last axis, y and p clipped to [1e-7, 1].
    case kullbackLeiblerDivergence
    /// Keras's `Hinge`: mean of max(1 - y·p, 0) over the last axis; labels of 0 and 1 are read as -1 and 1.
    case hinge
    /// Keras's `SquaredHinge`: mean of max(1 - y·p, 0)² over the last axis; labels of 0 and 1 are read as -1, 1.
    case squaredHinge
    /// Keras's `LogCosh`: mean of log(cosh(yPred - yTrue)) over the last axis, without overflow.
    case logCosh
    /// Keras's `MeanSquaredLogarithmicError`: mean of (log(max(p, 1e-7) + 1) - log(max(y, 1e-7) + 1))².
    case meanSquaredLogarithmicError
    /// Keras's `MeanAbsolutePercentageError`: mean of 100·|y - p| / max(|y|, 1e-7) over the last axis.
    case meanAbsolutePercentageError
    /// Keras's `CategoricalHinge`: max(max((1 - y)·p) - Σ y·p + 1, 0) per sample, for one-hot labels.
    case categoricalHinge
    /// Keras's `Poisson`: mean of p - y·log(p + 1e-7) over the last axis.
    case poisson
    /// Any differentiable expression of `(yTrue, yPred)` returning a scalar tensor.
    case custom((_ yTrue: Tensor, _ yPred: Tensor) -> Tensor)
    /// A loss of your own registered under a name with `registerLoss(_:_:)`: saved by that name, and loaded back
    /// in a program that registered it too.
    case registered(String)

    /// Keras's clipping constant for probabilities, `keras.backend.epsilon()`.
    static let epsilon: Float = 1e-7

    /// The loss of a batch: a scalar tensor, differentiable with respect to `yPred`.
    ///
    /// A cross-entropy on the output of `softmax` (a `Dense(..., activation: .softmax)` layer, say) is computed
    /// from the softmax's logits, as Keras does: exact where the clipped probabilities would saturate, and with
    /// the fused gradient softmax(z) - y.
    ///
    /// Ranks are aligned as Keras aligns them (`[n]` against `[n, 1]` is one value per sample); shapes Keras
    /// refuses trap with a message naming both (`compute(_:_:)` throws it instead).
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        let (labels, predictions) = aligned(yTrue, yPred)
        if let problem = shapeProblem(labels, predictions) { requirementFailure(problem) }
        return evaluate(labels, predictions)
    }

    /// The loss of rank-aligned, compatible `yTrue` and `yPred`.
    func evaluate(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
        switch self {
        case .meanSquaredError:
            return (yPred - yTrue).squared().mean(axis: -1).mean()
        case .meanAbsoluteError:
            return (yPred - yTrue).abs().mean(axis: -1).mean()
        case .categoricalCrossentropy(let fromLogits):
            if fromLogits { return softmaxCrossentropy(labels: yTrue, logits: yPred, sparse: false) }
            if let logits = yPred.logits(of: .softmax) {
                return softmaxCrossentropy(labels: yTrue, logits: logits, sparse: false, probabilities: yPred)
            }
            return -(yTrue * Loss.clippedLogProbabilities(yPred)).sum(axis: -1).mean()
        case .sparseCategoricalCrossentropy(let fromLogits):
            if fromLogits { return softmaxCrossentropy(labels: yTrue, logits: yPred, sparse: true) }
            if let logits = yPred.logits(of: .softmax) {
                return softmaxCrossentropy(labels: yTrue, logits: logits, sparse: true, probabilities: yPred)
            }
            let classes = yPred.shape.last ?? 1
            let oneHot = toCategorical(yTrue.reshaped(to: [-1]), numClasses: classes)
            // Keras (TensorFlow) takes log of the clipped probabilities and feeds them to softmax cross-entropy.
            let logProbabilities = logSoftmax(yPred.clipped(min: Loss.epsilon, max: 1 - Loss.epsilon).log())
            return -(oneHot.reshaped(to: logProbabilities.shape) * logProbabilities).sum(axis: -1).mean()
        case .binaryCrossentropy(let fromLogits):
            if fromLogits { return sigmoidCrossentropy(labels: yTrue, logits: yPred) }
            if let logits = yPred.logits(of: .sigmoid) { return sigmoidCrossentropy(labels: yTrue, logits: logits) }
            let p = yPred.clipped(min: Loss.epsilon, max: 1 - Loss.epsilon)
            return -(yTrue * p.log() + (1 - yTrue) * (1 - p).log()).mean(axis: -1).mean()
        case .custom(let body):
            return body(yTrue, yPred)
        case .registered(let name):
            guard let body = LossRegistry.body(named: name) else {
                fatalError("loss \(name) is not registered: call registerLoss(\"\(name)\") { yTrue, yPred in ... } first")
            }
            return body(yTrue, yPred)
        default:
            return rowwiseValue(yTrue, yPred)!  // the losses of RegressionLosses.swift and HingeLosses.swift
        }
    }

    /// log(clip(p / Σp, ε, 1 - ε)), as Keras's categorical cross-entropy on probabilities.
    static func clippedLogProbabilities(_ p: Tensor) -> Tensor {
        let total = p.sum(axis: -1).reshaped(to: Array(p.shape.dropLast()) + [1])
        return (p / total).clipped(min: epsilon, max: 1 - epsilon).log()
    }

    /// Keras's name for the loss (`sparse_categorical_crossentropy`), used in configs.
    public var name: String {
        switch self {
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        case .categoricalCrossentropy: return "categorical_crossentropy"
        case .sparseCategoricalCrossentropy: return "sparse_categorical_crossentropy"
        case .binaryCrossentropy: return "binary_crossentropy"
        case .huber: return "huber_loss"
        case .kullbackLeiblerDivergence: return "kl_divergence"
        case .hinge: return "hinge"
        case .squaredHinge: return "squared_hinge"
        case .logCosh: return "log_cosh"
        case .meanSquaredLogarithmicError: return "mean_squared_logarithmic_error"
        case .meanAbsolutePercentageError: return "mean_absolute_percentage_error"
        case .categoricalHinge: return "categorical_hinge"
        case .poisson: return "poisson"
        case .custom: return "custom"
        case .registered(let name): return name
        }
    }

    /// Whether labels are class indices (`[batch]`) rather than one row per sample.
    var takesSparseLabels: Bool { crossentropy?.sparse == true }

    /// Whether the loss is a cross-entropy over classes, and whether it reads logits.
    var crossentropy: (sparse: Bool, fromLogits: Bool)? {
        switch self {
        case .categoricalCrossentropy(let fromLogits): return (false, fromLogits)
        case .sparseCategoricalCrossentropy(let fromLogits): return (true, fromLogits)
        default: return nil
        }
    }
}

/// Losses registered by name (Keras's `register_keras_serializable` for a loss function).
enum LossRegistry {
    nonisolated(unsafe) private static var bodies: [String: (Tensor, Tensor) -> Tensor] = [:]

    static func register(_ name: String, _ body: @escaping (Tensor, Tensor) -> Tensor) { bodies[name] = body }

    static func body(named name: String) -> ((Tensor, Tensor) -> Tensor)? { bodies[name] }
}

/// Registers a loss of your own under `name` and returns it, so that a model compiled with it saves the name and
/// `Sequential.load(from:)` restores it in any program that registered the same name.
///
/// ```swift
/// let squaredErrorSum = registerLoss("squared_error_sum") { yTrue, yPred in (yPred - yTrue).squared().sum(axis: -1).mean() }
/// model.compile(optimizer: SGD(), loss: squaredErrorSum)
/// ```
@discardableResult
public func registerLoss(_ name: String, _ body: @escaping (_ yTrue: Tensor, _ yPred: Tensor) -> Tensor) -> Loss {
    LossRegistry.register(name, body)
    return .registered(name)
}
