/// The weighted mean of every value given since the last reset (`keras.metrics.Mean`): total / count, where
/// each sample adds its values' mean (times its weight) to the total and its weight (1 without weights) to the
/// count.
///
/// ```swift
/// let mean = Mean()
/// try mean.updateState(Tensor([1, 3, 5, 7]))
/// mean.result()   // 4
/// ```
public final class Mean: @unchecked Sendable {
    /// The metric's name: `"mean"`, then `"mean_1"`, ... unless given.
    public let name: String
    private var state = WeightedMean()

    /// Creates the metric.
    ///
    /// - Parameter name: the name (default: Keras's `"mean"`, numbered when taken as Keras numbers names, until `clearSession()`).
    public init(name: String? = nil) {
        self.name = name ?? LayerNames.unique("mean")
    }

    /// Accumulates `values`.
    ///
    /// - Parameters:
    ///   - values: a scalar or `[samples, ...]`.
    ///   - sampleWeight: nil, a scalar, one weight per sample (`[samples]`), or one per value.
    public func updateState(_ values: Tensor, sampleWeight: Tensor? = nil) throws {
        try state.add(values, sampleWeight: sampleWeight, metric: name)
    }

    /// total / count, 0 before any value.
    public func result() -> Float { state.result }

    /// Sets the total and the count to zero.
    public func resetState() { state = WeightedMean() }
}

/// Keras's `Mean` state, also behind the metrics that average one value per sample
/// (`TopKCategoricalAccuracy`): Keras's `reduce_to_samplewise_values`, then total += Σ values, count += Σ weights.
struct WeightedMean {
    var total = 0.0, count = 0.0

    /// total / count, or 0 when the count is 0 (`divide_no_nan`).
    var result: Float { count == 0 ? 0 : Float(total / count) }

    mutating func add(_ values: Tensor, sampleWeight: Tensor?, metric: String) throws {
        let samples = values.rank == 0 ? 1 : values.shape[0]
        guard let sampleWeight else {
            // One mean per sample, each with weight 1.
            let width = samples == 0 ? 0 : values.count / samples
            for s in 0..<samples { total += mean(values.scalars[(s * width)..<((s + 1) * width)]) }
            count += Double(samples)
            return
        }
        var weightShape = sampleWeight.shape
        if weightShape.count == values.rank + 1, weightShape.last == 1 { weightShape.removeLast() }
        guard weightShape.count <= values.rank, Array(values.shape.prefix(weightShape.count)) == weightShape else {
            throw SwiftKerasError.shapeMismatch(
                "\(metric): sampleWeight of shape \(sampleWeight.shape) does not fit values of shape \(values.shape): expected a scalar, [\(samples)] or \(values.shape)")
        }
        // Values averaged down to the weight's shape, multiplied by the weights, then each weight row averaged.
        let inner = sampleWeight.count == 0 ? 0 : values.count / sampleWeight.count
        let weightRows = weightShape.isEmpty ? 1 : weightShape[0]
        let perRow = weightRows == 0 ? 0 : sampleWeight.count / weightRows
        for row in 0..<weightRows {
            var rowTotal = 0.0, rowWeight = 0.0
            for w in (row * perRow)..<((row + 1) * perRow) {
                let weight = Double(sampleWeight.scalars[w])
                rowTotal += mean(values.scalars[(w * inner)..<((w + 1) * inner)]) * weight
                rowWeight += weight
            }
            total += rowTotal / Double(perRow)
            count += rowWeight / Double(perRow)
        }
    }

    private func mean(_ values: ArraySlice<Float>) -> Double {
        values.isEmpty ? 0 : values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
    }
}
