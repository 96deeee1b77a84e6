/// Losses by the names Keras accepts as strings (`keras.losses.get`), for code ported from Python and for configs.
extension Loss {
    /// Every name `Loss(kerasName:)` accepts and the loss it stands for: Keras's function names, class names and
    /// short aliases (`"mse"`, `"MSE"`, `"mae"`, `"bce"`).
    static let kerasNames: [String: Loss] = [
        "mean_squared_error": .meanSquaredError, "MeanSquaredError": .meanSquaredError,
        "mse": .meanSquaredError, "MSE": .meanSquaredError,
        "mean_absolute_error": .meanAbsoluteError, "MeanAbsoluteError": .meanAbsoluteError,
        "mae": .meanAbsoluteError, "MAE": .meanAbsoluteError,
        "categorical_crossentropy": .categoricalCrossentropy(), "CategoricalCrossentropy": .categoricalCrossentropy(),
        "sparse_categorical_crossentropy": .sparseCategoricalCrossentropy(),
        "SparseCategoricalCrossentropy": .sparseCategoricalCrossentropy(),
        "binary_crossentropy": .binaryCrossentropy(), "BinaryCrossentropy": .binaryCrossentropy(),
        "bce": .binaryCrossentropy(), "BCE": .binaryCrossentropy(),
    ]

    /// The loss Keras means by `name`, as `model.compile(loss="mse")` resolves it: `Loss(kerasName: "mse")` is
    /// `.meanSquaredError`, `Loss(kerasName: "sparse_categorical_crossentropy")` is
    /// `.sparseCategoricalCrossentropy()` (probabilities, not logits, as Keras's default).
    ///
    /// - Parameter name: a Keras loss name; a name registered with `registerLoss(_:_:)` is accepted too.
    /// - Throws: `SwiftKerasError.invalidArgument` listing the known names when Keras would not know `name`.
    public init(kerasName name: String) throws {
        if let loss = Loss.kerasNames[name] {
            self = loss
        } else if LossRegistry.body(named: name) != nil {
            self = .registered(name)
        } else {
            throw SwiftKerasError.invalidArgument(
                "unknown loss \"\(name)\"; expected one of \(Loss.kerasNames.keys.sorted().joined(separator: ", ")) or a name registered with registerLoss")
        }
    }
}
