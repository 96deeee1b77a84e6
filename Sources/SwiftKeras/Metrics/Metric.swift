/// A quantity reported during training and evaluation, averaged over all samples of an epoch (Keras's
/// metrics, under Keras's names), or a metric object with state (`.precision()`, `.auc()`, `.object(_:)`).
public enum Metric: Equatable, Sendable {
    /// "accuracy", resolved as Keras resolves it: sparse categorical accuracy when the labels have one fewer
    /// axis than the predictions (or a last axis of 1 against several classes), binary accuracy for a single
    /// output column, categorical accuracy otherwise.
    case accuracy
    /// argmax(yPred) == yTrue for integer labels.
    case sparseCategoricalAccuracy
    /// argmax(yPred) == argmax(yTrue) for one-hot labels.
    case categoricalAccuracy
    /// (yPred > 0.5) == yTrue, averaged over the last axis (Keras's `binary_accuracy`; a prediction of exactly 0.5
    /// counts as class 0).
    case binaryAccuracy
    /// mean((yPred - yTrue)²) per sample.
    case meanSquaredError
    /// mean(|yPred - yTrue|) per sample.
    case meanAbsoluteError
    /// A metric object with state (`Precision`, `AUC`, ... or your own `StatefulMetric`), reset at the start of
    /// each epoch and of each evaluation and updated with every batch (see `Metric+Objects.swift`).
    case object(any StatefulMetric)

    /// The key in `History.history` and in `evaluate`'s results.
    public var name: String {
        switch self {
        case .accuracy: return "accuracy"
        case .sparseCategoricalAccuracy: return "sparse_categorical_accuracy"
        case .categoricalAccuracy: return "categorical_accuracy"
        case .binaryAccuracy: return "binary_accuracy"
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        case .object(let metric): return metric.name
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
        return yTrue.scalars.withUnsafeBufferPointer { labels in
            yPred.scalars.withUnsafeBufferPointer { predictions in
                batchSum(labels: labels.baseAddress!, labelWidth: yTrue.count / rows,
                         predictions: predictions.baseAddress!, rows: rows, classes: yPred.count / rows)
            }
        }
    }

    /// The summed per-sample values over raw buffers: `labels` is `rows × labelWidth` (a width of 1 against
    /// several classes means class indices), `predictions` is `rows × classes`.
    func batchSum(labels: UnsafePointer<Float>, labelWidth: Int, predictions: UnsafePointer<Float>,
                  rows: Int, classes: Int) -> Double {
        func argmax(_ row: UnsafePointer<Float>, _ count: Int) -> Int {
            var best = 0
            for j in 1..<Swift.max(count, 1) where row[j] > row[best] { best = j }
            return best
        }
        var total = 0.0
        switch resolved(labelWidth: labelWidth, classes: classes) {
        case .sparseCategoricalAccuracy:
            for r in 0..<rows where Float(argmax(predictions + r * classes, classes)) == labels[r * labelWidth] { total += 1 }
        case .categoricalAccuracy:
            for r in 0..<rows where argmax(predictions + r * classes, classes) == argmax(labels + r * labelWidth, labelWidth) {
                total += 1
            }
        case .accuracy, .binaryAccuracy:
            // Binary accuracy: one probability per sample against a 0/1 label, threshold 0.5.
            for i in 0..<(rows * classes) where (predictions[i] > 0.5 ? 1 : 0) == labels[i] { total += 1 }
            total /= Double(classes)
        case .meanSquaredError:
            for i in 0..<(rows * classes) { total += Double((predictions[i] - labels[i]) * (predictions[i] - labels[i])) }
            total /= Double(classes)
        case .meanAbsoluteError:
            for i in 0..<(rows * classes) { total += Double(Swift.abs(predictions[i] - labels[i])) }
            total /= Double(classes)
        case .object:
            break  // updated through `MetricAccumulator`, never summed
        }
        return total
    }

    /// The concrete metric for labels `labelWidth` values wide against `classes` predictions per sample.
    func resolved(labelWidth: Int, classes: Int) -> Metric {
        guard self == .accuracy else { return self }
        if classes == 1 { return .accuracy }
        return labelWidth == 1 ? .sparseCategoricalAccuracy : .categoricalAccuracy
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
