/// What the labels `y` of `fit` and `evaluate` must look like, decided by the loss alone (Keras's losses fix the
/// label format; metrics only read it), and then checked against every metric.
enum LabelLayout: Equatable {
    /// One class index per sample: `[n]` or `[n, 1]`, against an output `[classes]`.
    case classIndices
    /// One row per sample shaped like the model's output: `[n] + outputShape`.
    case likeOutput
    /// A custom loss and no metric that fixes the format: any `[n, ...]` with at least one value per sample.
    case unchecked

    /// The layout `loss` takes; for a custom loss, the one its metrics need (they must agree).
    static func decide(loss: Loss?, metrics: [Metric], caller: String) throws -> LabelLayout {
        if let loss, let layout = loss.labelLayout { return layout }
        let needs = Set(metrics.compactMap(\.labelLayout))
        guard needs.count <= 1 else {
            let sparse = metrics.filter { $0.labelLayout == .classIndices }.map(\.name)
            let dense = metrics.filter { $0.labelLayout == .likeOutput }.map(\.name)
            throw SwiftKerasError.invalidArgument(
                "\(caller): metrics \(sparse) need class-index labels but \(dense) need labels shaped like the model's output; compile with metrics of one kind")
        }
        return needs.first ?? .unchecked
    }

    /// The label description used in messages.
    func describe(samples: Int, outputShape: [Int]) -> String {
        switch self {
        case .classIndices: return "class indices of shape [\(samples)]"
        case .likeOutput: return "labels shaped like the model's output, \([samples] + outputShape)"
        case .unchecked: return "labels of shape [\(samples), ...]"
        }
    }

    /// Throws when `metric` cannot read labels in this layout (it would read past the label buffer or compare
    /// unrelated values), or needs an output `[classes]` that the model does not have.
    func check(_ metric: Metric, loss: Loss?, samples: Int, outputShape: [Int], caller: String) throws {
        if let needed = metric.labelLayout, self != .unchecked, needed != self {
            let source = loss.map { "the loss \($0.name)" } ?? "the other metrics"
            throw SwiftKerasError.invalidArgument(
                "\(caller): metric \(metric.name) needs \(needed.describe(samples: samples, outputShape: outputShape)), but \(source) takes \(describe(samples: samples, outputShape: outputShape)); use \(self == .classIndices ? ".sparseCategoricalAccuracy" : ".categoricalAccuracy") or .accuracy")
        }
        let classifies = metric == .sparseCategoricalAccuracy || metric == .categoricalAccuracy
            || (metric == .accuracy && outputShape.reduce(1, *) > 1)
            || metric.stateful is TopKCategoricalAccuracy || metric.stateful is SparseTopKCategoricalAccuracy
        if classifies, outputShape.count != 1 {
            throw SwiftKerasError.shapeMismatch(
                "\(caller): metric \(metric.name) needs a model output of shape [None, classes], got \(kerasShapeString([nil] + outputShape)); add Flatten() before the last Dense layer")
        }
    }
}

extension Loss {
    /// The label layout the loss takes; nil for a custom loss.
    var labelLayout: LabelLayout? {
        switch self {
        case .sparseCategoricalCrossentropy: return .classIndices
        case .categoricalCrossentropy, .meanSquaredError, .meanAbsoluteError, .binaryCrossentropy, .huber,
             .kullbackLeiblerDivergence, .hinge, .squaredHinge, .logCosh, .meanSquaredLogarithmicError,
             .meanAbsolutePercentageError, .categoricalHinge, .poisson: return .likeOutput
        case .custom, .registered: return nil
        }
    }
}

extension Metric {
    /// The label layout the metric reads; nil for `.accuracy`, which adapts as Keras resolves it.
    var labelLayout: LabelLayout? {
        switch self {
        case .accuracy: return nil
        case .sparseCategoricalAccuracy: return .classIndices
        case .categoricalAccuracy, .binaryAccuracy, .meanSquaredError, .meanAbsoluteError: return .likeOutput
        case .object(let metric):
            if metric is SparseTopKCategoricalAccuracy { return .classIndices }
            // A metric object of your own reads whatever labels the loss takes.
            return metric is ArgumentCheckedMetric ? .likeOutput : nil
        }
    }
}
