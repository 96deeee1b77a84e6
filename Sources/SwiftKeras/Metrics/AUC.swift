import Foundation

/// The area under the ROC curve (or the precision-recall curve), approximated over `numThresholds` evenly
/// spaced thresholds from the confusion counts of all batches since the last reset (`keras.metrics.AUC`).
///
/// As Keras: the thresholds are -ε, 1/(n-1), ..., (n-2)/(n-1), 1+ε; a prediction p (clipped to [0, 1])
/// counts as positive at threshold i when ceil(p·(n-1)) - 1 ≥ i. ROC: x = fp / (fp + tn), y = tp / (tp + fn),
/// area = Σᵢ (xᵢ - xᵢ₊₁)·(yᵢ + yᵢ₊₁) / 2 ("interpolation"; "minoring" and "majoring" take the min or max of
/// the two heights). PR with interpolation uses Keras's closed form of Davis & Goadrich's interpolation.
///
/// ```swift
/// model.compile(optimizer: Adam(), loss: .binaryCrossentropy(), metrics: [.auc()])
/// ```
public final class AUC: ArgumentCheckedMetric, @unchecked Sendable {
    /// Which curve the area is under.
    public enum Curve: String, Sendable {
        /// Receiver operating characteristic: recall against false-positive rate.
        case roc = "ROC"
        /// Precision against recall.
        case pr = "PR"
    }

    /// How the area between two thresholds is summed.
    public enum SummationMethod: String, Sendable {
        /// The trapezoid rule (for PR, Keras's interpolation of precision).
        case interpolation
        /// The lower of the two heights.
        case minoring
        /// The higher of the two heights.
        case majoring
    }

    /// The metric's name in the logs: `"auc"`, then `"auc_1"`, ... unless given.
    public let name: String
    /// The number of thresholds (> 1; Keras's default 200).
    public let numThresholds: Int
    /// The curve.
    public let curve: Curve
    /// The summation method.
    public let summationMethod: SummationMethod
    /// Whether predictions are logits (a sigmoid is applied first).
    public let fromLogits: Bool
    private var truePositives: [Double], falsePositives: [Double], trueNegatives: [Double], falseNegatives: [Double]

    /// Creates the metric with Keras's arguments and defaults.
    ///
    /// - Parameters:
    ///   - numThresholds: thresholds evenly spaced over [0, 1] (default 200).
    ///   - curve: `.roc` (default) or `.pr`.
    ///   - summationMethod: `.interpolation` (default), `.minoring` or `.majoring`.
    ///   - fromLogits: whether predictions are logits.
    ///   - name: the name in the logs (default: Keras's `"auc"`, numbered when taken as Keras numbers names, until `clearSession()`).
    public init(numThresholds: Int = 200, curve: Curve = .roc, summationMethod: SummationMethod = .interpolation,
                fromLogits: Bool = false, name: String? = nil) {
        self.numThresholds = numThresholds
        self.curve = curve
        self.summationMethod = summationMethod
        self.fromLogits = fromLogits
        self.name = name ?? LayerNames.unique("auc")
        let zeros = [Double](repeating: 0, count: Swift.max(numThresholds, 0))
        (truePositives, falsePositives, trueNegatives, falseNegatives) = (zeros, zeros, zeros, zeros)
    }

    /// `"AUC"`.
    public var className: String { "AUC" }

    /// Keras's configuration.
    public var config: [String: JSONValue] {
        ["name": .string(name), "dtype": .string("float32"), "num_thresholds": .number(Double(numThresholds)),
         "curve": .string(curve.rawValue), "summation_method": .string(summationMethod.rawValue),
         "multi_label": .bool(false), "num_labels": .null, "label_weights": .null, "from_logits": .bool(fromLogits)]
    }

    /// The area goes up.
    public var higherIsBetter: Bool { true }

    /// Accumulates the batch's counts at every threshold (all values of the batch together, as Keras with
    /// `multi_label=False`; a label is positive when nonzero).
    public func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        try checkArguments()
        guard yTrue.count == yPred.count else {
            throw SwiftKerasError.shapeMismatch(
                "\(name) needs labels shaped like the predictions: got labels \(yTrue.shape) and predictions \(yPred.shape)")
        }
        let width = yPred.rank >= 2 ? yPred.shape.last! : 1
        let weights = try elementWeights(sampleWeight, count: yPred.count, width: width, metric: name)
        let n = numThresholds
        var positiveInBucket = [Double](repeating: 0, count: n), negativeInBucket = positiveInBucket
        var positives = 0.0, negatives = 0.0
        for i in 0..<yPred.count {
            var p = yPred.scalars[i]
            if fromLogits { p = 1 / (1 + Foundation.exp(-p)) }
            p = Swift.min(Swift.max(p, 0), 1)
            let bucket = Swift.max(Int((p * Float(n - 1)).rounded(.up)) - 1, 0)
            let weight = Double(weights?[i] ?? 1)
            if yTrue.scalars[i] != 0 {
                positiveInBucket[bucket] += weight
                positives += weight
            } else {
                negativeInBucket[bucket] += weight
                negatives += weight
            }
        }
        // Counts at threshold i: the predictions in buckets i and above are positive.
        var tp = 0.0, fp = 0.0
        for i in stride(from: n - 1, through: 0, by: -1) {
            tp += positiveInBucket[i]
            fp += negativeInBucket[i]
            truePositives[i] += tp
            falsePositives[i] += fp
            trueNegatives[i] += negatives - fp
            falseNegatives[i] += positives - tp
        }
    }

    /// The area under the curve, 0 before any update.
    public func result() -> Float {
        guard numThresholds > 1 else { return 0 }
        if curve == .pr && summationMethod == .interpolation { return interpolatedPrecisionRecallArea() }
        let n = numThresholds
        let recall = (0..<n).map { Double(ConfusionCounts.ratio(truePositives[$0], truePositives[$0] + falseNegatives[$0])) }
        let x: [Double], y: [Double]
        switch curve {
        case .roc:
            x = (0..<n).map { Double(ConfusionCounts.ratio(falsePositives[$0], falsePositives[$0] + trueNegatives[$0])) }
            y = recall
        case .pr:
            x = recall
            y = (0..<n).map { Double(ConfusionCounts.ratio(truePositives[$0], truePositives[$0] + falsePositives[$0])) }
        }
        var area = 0.0
        for i in 0..<(n - 1) {
            let height: Double
            switch summationMethod {
            case .interpolation: height = (y[i] + y[i + 1]) / 2
            case .minoring: height = Swift.min(y[i], y[i + 1])
            case .majoring: height = Swift.max(y[i], y[i + 1])
            }
            area += (x[i] - x[i + 1]) * height
        }
        return Float(area)
    }

    /// Keras's `interpolate_pr_auc`: precision interpolated linearly in the predicted positives between
    /// thresholds, integrated in closed form.
    private func interpolatedPrecisionRecallArea() -> Float {
        var area = 0.0
        for i in 0..<(numThresholds - 1) {
            let truePositiveStep = truePositives[i] - truePositives[i + 1]
            let predicted = truePositives[i] + falsePositives[i], nextPredicted = truePositives[i + 1] + falsePositives[i + 1]
            let slope = Double(ConfusionCounts.ratio(truePositiveStep, Swift.max(predicted - nextPredicted, 0)))
            let intercept = truePositives[i + 1] - slope * nextPredicted
            let ratio = predicted > 0 && nextPredicted > 0 ? predicted / nextPredicted : 1
            let step = slope * (truePositiveStep + intercept * Foundation.log(ratio))
            area += Double(ConfusionCounts.ratio(step, Swift.max(truePositives[i + 1] + falseNegatives[i + 1], 0)))
        }
        return Float(area)
    }

    /// Sets every count to zero.
    public func resetState() {
        for i in 0..<truePositives.count { (truePositives[i], falsePositives[i], trueNegatives[i], falseNegatives[i]) = (0, 0, 0, 0) }
    }

    func checkArguments() throws {
        guard numThresholds > 1 else {
            throw SwiftKerasError.invalidArgument("\(name): numThresholds must be > 1, got \(numThresholds)")
        }
    }
}
