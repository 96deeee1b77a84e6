/// A metric with state, like Keras's `keras.metrics.Metric`: `updateState` accumulates batches, `result` reads
/// the value over everything accumulated since the last `resetState`.
///
/// ```swift
/// let precision = Precision()
/// try precision.updateState(Tensor([[1], [0], [1]]), Tensor([[0.8], [0.6], [0.3]]))
/// precision.result()   // 0.5
/// ```
///
/// `compile(metrics:)` takes one through `Metric.object(_:)` (or the factories `.precision()`, `.recall()`,
/// `.auc()`, ...): `fit` resets it at the start of each epoch and updates it with every batch's labels and
/// predictions, so the epoch's value is the result over all its batches, as in Keras. An instance is not
/// thread-safe: update it from one thread at a time.
public protocol StatefulMetric: AnyObject, Sendable {
    /// The key in `History.history` and in `evaluate`'s results (`"precision"`, `"auc_1"`).
    var name: String { get }
    /// Keras's class name (`"Precision"`), used when a compiled model is saved.
    var className: String { get }
    /// Keras's `get_config()`, `name` included, used when a compiled model is saved.
    var config: [String: JSONValue] { get }
    /// Whether a larger value is better (Keras's metric direction), for `MonitorMode.auto`.
    var higherIsBetter: Bool { get }
    /// Accumulates one batch.
    ///
    /// - Parameters:
    ///   - yTrue: the batch's labels.
    ///   - yPred: the batch's predictions.
    ///   - sampleWeight: an optional weight per sample (`[batch]`) or per value, as in Keras.
    /// - Throws: `SwiftKerasError` when the shapes do not fit together or an argument is invalid.
    func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws
    /// The metric over everything accumulated since the last reset.
    func result() -> Float
    /// Forgets everything accumulated.
    func resetState()
}

extension StatefulMetric {
    /// Accumulates one unweighted batch.
    public func updateState(_ yTrue: Tensor, _ yPred: Tensor) throws { try updateState(yTrue, yPred, sampleWeight: nil) }

    /// Keras's serialized metric object: `{"module": "keras.metrics", "class_name": ..., "config": {...}}`.
    var serialized: JSONValue {
        .object(["module": .string("keras.metrics"), "class_name": .string(className), "config": .object(config),
                 "registered_name": .null])
    }
}

/// A built-in metric whose constructor arguments are checked before `fit` or `evaluate` uses it (constructors do
/// not throw, so that `metrics: [.precision(), .auc()]` reads as in Keras).
protocol ArgumentCheckedMetric: StatefulMetric {
    /// Throws `SwiftKerasError.invalidArgument` naming the bad argument.
    func checkArguments() throws
}

/// The weight of each of `count` values, `width` per row, from Keras's `sample_weight` forms: none (all 1), a
/// scalar, one per row (`[rows]` or `[rows, 1]`), or one per value.
func elementWeights(_ sampleWeight: Tensor?, count: Int, width: Int, metric: String) throws -> [Float]? {
    guard let sampleWeight else { return nil }
    let rows = width == 0 ? 0 : count / width
    switch sampleWeight.count {
    case count: return sampleWeight.scalars
    case 1: return [Float](repeating: sampleWeight.scalars[0], count: count)
    case rows: return (0..<count).map { sampleWeight.scalars[$0 / width] }
    default:
        throw SwiftKerasError.shapeMismatch(
            "\(metric): sampleWeight of shape \(sampleWeight.shape) fits neither one weight per sample (\(rows)) nor one per value (\(count))")
    }
}
