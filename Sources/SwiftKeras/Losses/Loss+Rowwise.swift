extension Loss {
    /// The value of the losses computed row by row (`RegressionLosses.swift`, `HingeLosses.swift`); nil for the
    /// others.
    func rowwiseValue(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor? {
        switch self {
        case .huber(let delta): return huberLoss(yTrue, yPred, delta: delta)
        case .kullbackLeiblerDivergence: return kullbackLeiblerDivergenceLoss(yTrue, yPred)
        case .hinge: return hingeLoss(yTrue, yPred)
        case .squaredHinge: return squaredHingeLoss(yTrue, yPred)
        case .logCosh: return logCoshLoss(yTrue, yPred)
        case .meanSquaredLogarithmicError: return meanSquaredLogarithmicErrorLoss(yTrue, yPred)
        case .meanAbsolutePercentageError: return meanAbsolutePercentageErrorLoss(yTrue, yPred)
        case .categoricalHinge: return categoricalHingeLoss(yTrue, yPred)
        case .poisson: return poissonLoss(yTrue, yPred)
        default: return nil
        }
    }

    /// Keras's class name and `get_config` entries beyond `name` and `reduction` for the rowwise losses; nil
    /// for the others.
    var rowwiseKerasClass: (className: String, config: [String: JSONValue])? {
        switch self {
        case .huber(let delta): return ("Huber", ["delta": .number(Double(delta))])
        case .kullbackLeiblerDivergence: return ("KLDivergence", [:])
        case .hinge: return ("Hinge", [:])
        case .squaredHinge: return ("SquaredHinge", [:])
        case .logCosh: return ("LogCosh", [:])
        case .meanSquaredLogarithmicError: return ("MeanSquaredLogarithmicError", [:])
        case .meanAbsolutePercentageError: return ("MeanAbsolutePercentageError", [:])
        case .categoricalHinge: return ("CategoricalHinge", [:])
        case .poisson: return ("Poisson", [:])
        default: return nil
        }
    }

    /// The rowwise loss that Keras's class name or string name (`"Huber"`, `"huber"`, `"msle"`) stands for;
    /// `delta` is Huber's.
    static func rowwise(named name: String, delta: Float) -> Loss? {
        switch name {
        case "Huber", "huber", "huber_loss": return .huber(delta: delta)
        case "KLDivergence", "kl_divergence", "kld", "kullback_leibler_divergence": return .kullbackLeiblerDivergence
        case "Hinge", "hinge": return .hinge
        case "SquaredHinge", "squared_hinge": return .squaredHinge
        case "LogCosh", "log_cosh", "logcosh": return .logCosh
        case "MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "msle": return .meanSquaredLogarithmicError
        case "MeanAbsolutePercentageError", "mean_absolute_percentage_error", "mape": return .meanAbsolutePercentageError
        case "CategoricalHinge", "categorical_hinge": return .categoricalHinge
        case "Poisson", "poisson": return .poisson
        default: return nil
        }
    }
}
