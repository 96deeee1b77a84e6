/// A quantity reported during training and evaluation, averaged over all samples of an epoch (Keras's
/// metrics, under Keras's names).
public enum Metric: Equatable, Sendable {
    /// "accuracy", resolved as Keras resolves it: sparse categorical accuracy when the labels have one fewer
    /// axis than the predictions (or a last axis of 1 against several classes), binary accuracy for a single
    /// output column, categorical accuracy otherwise.
    case accuracy
    /// argmax(yPred) == yTrue for integer labels.
    case sparseCategoricalAccuracy
    /// argmax(yPred) == argmax(yTrue) for one-hot labels.
    case categoricalAccuracy
    /// mean((yPred - yTrue)²) per sample.
    case meanSquaredError
    /// mean(|yPred - yTrue|) per sample.
    case meanAbsoluteError

    /// The key in `History.history` and in `evaluate`'s results.
    public var name: String {
        switch self {
        case .accuracy: return "accuracy"
        case .sparseCategoricalAccuracy: return "sparse_categorical_accuracy"
        case .categoricalAccuracy: return "categorical_accuracy"
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        }
    }

    /// The per-sample values of the metric for a batch, summed (the caller divides by the samples seen).
    ///
    /// - Parameters:
    ///   - yTrue: labels, `[batch]` or `[batch, classes]`.
    ///   - yPred: predictions `[batch, classes]`.
    func batchSum(_ yTrue: Tensor, _ yPred: Tensor) -> Double {
        let rows = yPred.shape.first ?? 0
        guard rows > 0 else { return 0 }
        let width = yPred.count / rows
        switch resolved(yTrue: yTrue, yPred: yPred) {
        case .sparseCategoricalAccuracy:
            let predicted = yPred.reshaped(to: [rows, width]).argmax(axis: 1).scalars
            return Double(zip(predicted, yTrue.scalars).filter { $0 == $1 }.count)
        case .categoricalAccuracy:
            let predicted = yPred.reshaped(to: [rows, width]).argmax(axis: 1).scalars
            let actual = yTrue.reshaped(to: [rows, width]).argmax(axis: 1).scalars
            return Double(zip(predicted, actual).filter { $0 == $1 }.count)
        case .accuracy:
            // Binary accuracy: one probability per sample against a 0/1 label, threshold 0.5.
            return Double(zip(yPred.scalars, yTrue.scalars).filter { ($0 > 0.5 ? 1 : 0) == $1 }.count)
        case .meanSquaredError:
            return zip(yPred.scalars, yTrue.scalars).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / Double(width)
        case .meanAbsoluteError:
            return zip(yPred.scalars, yTrue.scalars).reduce(0.0) { $0 + Double(Swift.abs($1.0 - $1.1)) } / Double(width)
        }
    }

    /// The concrete metric that "accuracy" stands for with these label and prediction shapes
    /// (`.accuracy` itself stands for binary accuracy).
    func resolved(yTrue: Tensor, yPred: Tensor) -> Metric {
        guard self == .accuracy else { return self }
        let predictedWidth = yPred.shape.last ?? 1
        if predictedWidth == 1 { return .accuracy }
        if yTrue.rank < yPred.rank || (yTrue.shape.last == 1 && predictedWidth > 1) { return .sparseCategoricalAccuracy }
        return .categoricalAccuracy
    }
}
