/// The weighted true/false positive/negative counts at one threshold, shared by `Precision` and `Recall`
/// (Keras's `metrics_utils.update_confusion_matrix_variables` for one threshold).
struct ConfusionCounts {
    var truePositives = 0.0, falsePositives = 0.0, falseNegatives = 0.0

    /// Keras's `NEG_INF`: the value that `topK` gives the predictions outside each row's top k, and the default
    /// threshold with `topK`.
    static let negativeInfinity: Float = -1e10

    /// Counts a batch: a value is predicted positive when `yPred > threshold` and labelled positive when
    /// `yTrue != 0`. With `topK`, only each row's k largest predictions (ties to the lower index) keep their
    /// value; with `classId`, only that column counts.
    mutating func add(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?, threshold: Float, topK: Int?,
                      classId: Int?, metric: String) throws {
        guard yTrue.count == yPred.count else {
            throw SwiftKerasError.shapeMismatch(
                "\(metric) needs labels shaped like the predictions: got labels \(yTrue.shape) and predictions \(yPred.shape)")
        }
        let width = yPred.rank >= 2 ? yPred.shape.last! : 1
        if let classId, yPred.rank < 2 || classId >= width {
            throw SwiftKerasError.invalidArgument(
                "\(metric): classId \(classId) needs predictions of shape [batch, classes] with more than \(classId) classes, got \(yPred.shape)")
        }
        if let topK, yPred.rank < 2 && topK > 1 {
            throw SwiftKerasError.invalidArgument("\(metric): topK needs predictions of shape [batch, classes], got \(yPred.shape)")
        }
        let weights = try elementWeights(sampleWeight, count: yPred.count, width: width, metric: metric)
        var predictions = yPred.scalars
        if let topK {
            for start in stride(from: 0, to: predictions.count, by: width) {
                let row = start..<(start + width)
                let kept = Set(row.sorted { predictions[$0] > predictions[$1] || (predictions[$0] == predictions[$1] && $0 < $1) }.prefix(topK))
                for i in row where !kept.contains(i) { predictions[i] = Self.negativeInfinity }
            }
        }
        for i in 0..<predictions.count where classId == nil || i % width == classId! {
            let weight = Double(weights?[i] ?? 1)
            let positive = predictions[i] > threshold, labelled = yTrue.scalars[i] != 0
            if positive && labelled { truePositives += weight }
            if positive && !labelled { falsePositives += weight }
            if !positive && labelled { falseNegatives += weight }
        }
    }

    /// Checks Keras's rules for `thresholds`, `topK` and `classId`.
    static func checkArguments(threshold: Float?, topK: Int?, classId: Int?, metric: String) throws {
        if let threshold, !(0...1).contains(threshold) {
            throw SwiftKerasError.invalidArgument("\(metric): thresholds must be in [0, 1], got \(threshold)")
        }
        if let topK, topK < 1 { throw SwiftKerasError.invalidArgument("\(metric): topK must be >= 1, got \(topK)") }
        if let classId, classId < 0 { throw SwiftKerasError.invalidArgument("\(metric): classId must be >= 0, got \(classId)") }
    }

    /// x / y, or 0 when y is 0 (Keras's `divide_no_nan`).
    static func ratio(_ x: Double, _ y: Double) -> Float { y == 0 ? 0 : Float(x / y) }
}
