/// The fraction of positives that are predicted positive, tp / (tp + fn), over all batches since the last reset
/// (`keras.metrics.Recall`). A value is predicted positive when it is above `thresholds` (0.5 by default).
///
/// ```swift
/// model.compile(optimizer: Adam(), loss: .binaryCrossentropy(), metrics: [.recall()])
/// ```
public final class Recall: ArgumentCheckedMetric, @unchecked Sendable {
    /// The metric's name in the logs: `"recall"`, then `"recall_1"`, ... unless given.
    public let name: String
    /// The decision threshold; nil means 0.5 (or, with `topK`, every top-k prediction counts as positive).
    public let thresholds: Float?
    /// When set, only each row's `topK` largest predictions can count as positive.
    public let topK: Int?
    /// When set, only this class's column counts.
    public let classId: Int?
    private var counts = ConfusionCounts()

    /// Creates the metric with Keras's arguments and defaults.
    ///
    /// - Parameters:
    ///   - thresholds: the threshold in [0, 1] above which a prediction is positive (default 0.5).
    ///   - topK: count only each row's k largest predictions.
    ///   - classId: count only this class.
    ///   - name: the name in the logs (default: Keras's `"recall"`, numbered when taken as Keras numbers names, until `clearSession()`).
    public init(thresholds: Float? = nil, topK: Int? = nil, classId: Int? = nil, name: String? = nil) {
        self.thresholds = thresholds
        self.topK = topK
        self.classId = classId
        self.name = name ?? LayerNames.unique("recall")
    }

    /// `"Recall"`.
    public var className: String { "Recall" }

    /// Keras's configuration: `name`, `dtype`, `thresholds`, `top_k`, `class_id`.
    public var config: [String: JSONValue] { confusionConfig(name: name, thresholds: thresholds, topK: topK, classId: classId) }

    /// Recall goes up.
    public var higherIsBetter: Bool { true }

    /// Accumulates the batch's true positives and false negatives.
    public func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try checkArguments()
        let threshold = thresholds ?? (topK == nil ? 0.5 : ConfusionCounts.negativeInfinity)
        try counts.add(yTrue, yPred, sampleWeight: sampleWeight, threshold: threshold, topK: topK, classId: classId, metric: name)
    }

    /// tp / (tp + fn), 0 before any positive label.
    public func result() -> Float { ConfusionCounts.ratio(counts.truePositives, counts.truePositives + counts.falseNegatives) }

    /// Sets the counts to zero.
    public func resetState() { counts = ConfusionCounts() }

    func checkArguments() throws {
        try ConfusionCounts.checkArguments(threshold: thresholds, topK: topK, classId: classId, metric: name)
    }
}

