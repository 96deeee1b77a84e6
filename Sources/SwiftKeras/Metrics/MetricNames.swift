/// Metrics by the names Keras accepts as strings in `compile(metrics: [...])`.
extension Metric {
    /// Every name `Metric(kerasName:)` accepts: Keras's `"accuracy"` and `"acc"` (resolved from the shapes),
    /// its metric function and class names, and the short aliases `"mse"`, `"MSE"`, `"mae"`, `"MAE"`.
    static let kerasNames: [String: Metric] = [
        "accuracy": .accuracy, "acc": .accuracy,
        "sparse_categorical_accuracy": .sparseCategoricalAccuracy, "SparseCategoricalAccuracy": .sparseCategoricalAccuracy,
        "categorical_accuracy": .categoricalAccuracy, "CategoricalAccuracy": .categoricalAccuracy,
        "binary_accuracy": .binaryAccuracy, "BinaryAccuracy": .binaryAccuracy,
        "mean_squared_error": .meanSquaredError, "MeanSquaredError": .meanSquaredError,
        "mse": .meanSquaredError, "MSE": .meanSquaredError,
        "mean_absolute_error": .meanAbsoluteError, "MeanAbsoluteError": .meanAbsoluteError,
        "mae": .meanAbsoluteError, "MAE": .meanAbsoluteError,
    ]

    /// The metric Keras means by `name` in `model.compile(metrics=["acc"])`: `Metric(kerasName: "acc")` is
    /// `.accuracy`, `Metric(kerasName: "mae")` is `.meanAbsoluteError`. Results are logged under the metric's
    /// `name` (`accuracy`, `mean_absolute_error`).
    ///
    /// - Parameter name: a Keras metric name.
    /// - Throws: `SwiftKerasError.invalidArgument` listing the known names when Keras would not know `name`.
    public init(kerasName name: String) throws {
        guard let metric = Metric.kerasNames[name] else {
            throw SwiftKerasError.invalidArgument(
                "unknown metric \"\(name)\"; expected one of \(Metric.kerasNames.keys.sorted().joined(separator: ", "))")
        }
        self = metric
    }
}
