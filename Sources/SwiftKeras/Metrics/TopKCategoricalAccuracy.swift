/// How often the true class is among the `k` highest predictions, for one-hot labels, averaged over all samples
/// since the last reset (`keras.metrics.TopKCategoricalAccuracy`).
///
/// As TensorFlow's `in_top_k`: the true class is in the top k when fewer than k classes score strictly higher
/// than it, so classes tied at the boundary all count.
///
/// ```swift
/// model.compile(optimizer: Adam(), loss: .categoricalCrossentropy(), metrics: [.topKCategoricalAccuracy(k: 3)])
/// ```
public final class TopKCategoricalAccuracy: ArgumentCheckedMetric, @unchecked Sendable {
    /// The metric's name in the logs: `"top_k_categorical_accuracy"`, numbered when taken, unless given.
    public let name: String
    /// How many of the highest predictions count.
    public let k: Int
    private var state = WeightedMean()

    /// Creates the metric.
    ///
    /// - Parameters:
    ///   - k: how many of the highest predictions count (default 5).
    ///   - name: the name in the logs (default: Keras's `"top_k_categorical_accuracy"`, numbered when taken).
    public init(k: Int = 5, name: String? = nil) {
        self.k = k
        self.name = name ?? LayerNames.unique("top_k_categorical_accuracy")
    }

    /// `"TopKCategoricalAccuracy"`.
    public var className: String { "TopKCategoricalAccuracy" }

    /// Keras's configuration: `name`, `dtype`, `k`.
    public var config: [String: JSONValue] { ["name": .string(name), "dtype": .string("float32"), "k": .number(Double(k))] }

    /// Accuracy goes up.
    public var higherIsBetter: Bool { true }

    /// Accumulates one match (1 or 0) per sample; the true class is the argmax of each row of `yTrue`.
    public func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try checkArguments()
        guard yTrue.shape == yPred.shape, yPred.rank >= 2 else {
            throw SwiftKerasError.shapeMismatch(
                "\(name) needs one-hot labels shaped like the predictions [batch, classes]: got labels \(yTrue.shape) and predictions \(yPred.shape)")
        }
        let classes = yPred.shape.last!
        let rows = yPred.count / Swift.max(classes, 1)
        let labels = (0..<rows).map { row in
            let slice = yTrue.scalars[(row * classes)..<((row + 1) * classes)]
            return slice.indices.max { slice[$0] < slice[$1] || (slice[$0] == slice[$1] && $0 > $1) }! - row * classes
        }
        let matches = topKMatches(labels: labels, yPred, k: k)
        try state.add(Tensor(shape: [rows], scalars: matches), sampleWeight: sampleWeight, metric: name)
    }

    /// The fraction (weighted) of samples whose class was in the top k, 0 before any sample.
    public func result() -> Float { state.result }

    /// Forgets every sample.
    public func resetState() { state = WeightedMean() }

    func checkArguments() throws {
        guard k >= 1 else { throw SwiftKerasError.invalidArgument("\(name): k must be >= 1, got \(k)") }
    }
}

/// 1 where class `labels[row]` is in the top `k` of row `row` of `predictions` (fewer than k classes score
/// strictly higher, and the score is finite, as TensorFlow's `in_top_k`), else 0.
func topKMatches(labels: [Int], _ predictions: Tensor, k: Int) -> [Float] {
    let classes = predictions.shape.last ?? 1
    return labels.enumerated().map { row, label in
        let scores = predictions.scalars[(row * classes)..<((row + 1) * classes)]
        guard (0..<classes).contains(label) else { return 0 }
        let target = scores[row * classes + label]
        guard target.isFinite else { return 0 }
        return scores.filter { $0 > target }.count < k ? 1 : 0
    }
}
