/// How often the true class is among the `k` highest predictions, for integer class labels, averaged over all
/// samples since the last reset (`keras.metrics.SparseTopKCategoricalAccuracy`); ties at the boundary count, as
/// TensorFlow's `in_top_k`.
///
/// ```swift
/// model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.sparseTopKCategoricalAccuracy()])
/// ```
public final class SparseTopKCategoricalAccuracy: ArgumentCheckedMetric, @unchecked Sendable {
    /// The metric's name in the logs: `"sparse_top_k_categorical_accuracy"`, numbered when taken, unless given.
    public let name: String
    /// How many of the highest predictions count.
    public let k: Int
    private var state = WeightedMean()

    /// Creates the metric.
    ///
    /// - Parameters:
    ///   - k: how many of the highest predictions count (default 5).
    ///   - name: the name in the logs (default: Keras's `"sparse_top_k_categorical_accuracy"`, numbered when taken).
    public init(k: Int = 5, name: String? = nil) {
        self.k = k
        self.name = name ?? LayerNames.unique("sparse_top_k_categorical_accuracy")
    }

    /// `"SparseTopKCategoricalAccuracy"`.
    public var className: String { "SparseTopKCategoricalAccuracy" }

    /// Keras's configuration: `name`, `dtype`, `k`.
    public var config: [String: JSONValue] { ["name": .string(name), "dtype": .string("float32"), "k": .number(Double(k))] }

    /// Accuracy goes up.
    public var higherIsBetter: Bool { true }

    /// Accumulates one match (1 or 0) per sample; `yTrue` holds one class index per sample (`[batch]` or
    /// `[batch, 1]`).
    public func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try checkArguments()
        guard yPred.rank == 2, yTrue.count == yPred.shape[0] else {
            throw SwiftKerasError.shapeMismatch(
                "\(name) needs one class index per row of predictions [batch, classes]: got labels \(yTrue.shape) and predictions \(yPred.shape)")
        }
        let classes = yPred.shape[1]
        let labels = try yTrue.scalars.enumerated().map { row, label in
            guard label.rounded() == label, label >= 0, label < Float(classes) else {
                throw SwiftKerasError.invalidData("\(name): label \(label) in row \(row) is not a class index in 0..<\(classes)")
            }
            return Int(label)
        }
        let matches = topKMatches(labels: labels, yPred, k: k)
        try state.add(Tensor(shape: [labels.count], scalars: matches), sampleWeight: sampleWeight, metric: name)
    }

    /// The fraction (weighted) of samples whose class was in the top k, 0 before any sample.
    public func result() -> Float { state.result }

    /// Forgets every sample.
    public func resetState() { state = WeightedMean() }

    func checkArguments() throws {
        guard k >= 1 else { throw SwiftKerasError.invalidArgument("\(name): k must be >= 1, got \(k)") }
    }
}
