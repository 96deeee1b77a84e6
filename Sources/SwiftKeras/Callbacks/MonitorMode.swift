/// Whether a monitored quantity should decrease or increase, Keras's `mode` argument of `EarlyStopping`,
/// `ModelCheckpoint` and `ReduceLROnPlateau`.
public enum MonitorMode: String, Sendable, CaseIterable {
    /// Infer the direction from the monitored name.
    case auto
    /// Lower is better (losses, errors).
    case min
    /// Higher is better (accuracies).
    case max

    /// Keras 3's rule for `EarlyStopping` and `ModelCheckpoint`: `min`/`max` as given; for `auto`, the name
    /// without its `val_` prefix decides: `loss` is minimized, and a compiled metric follows its direction
    /// (accuracies up, errors down). Nil when `auto` cannot tell (Keras raises a `ValueError` then).
    func lowerIsBetter(_ monitor: String, metrics: [Metric]) -> Bool? {
        switch self {
        case .min: return true
        case .max: return false
        case .auto:
            let name = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
            if name == "loss" { return true }
            guard let metric = metrics.first(where: { $0.name == name }) else { return nil }
            switch metric {
            case .accuracy, .sparseCategoricalAccuracy, .categoricalAccuracy, .binaryAccuracy: return false
            case .meanSquaredError, .meanAbsoluteError: return true
            case .object(let metric): return !metric.higherIsBetter
            }
        }
    }

    /// The error `auto` gives for a name whose direction is unknown.
    static func unknownDirection(_ monitor: String, callback: String) -> SwiftKerasError {
        SwiftKerasError.invalidArgument(
            "\(callback) received monitor \"\(monitor)\", but cannot tell whether it should be minimized or maximized; pass mode: .min or mode: .max")
    }
}

/// Whether `current` improves on `reference` by more than `minDelta` in the given direction (Keras's
/// `monitor_op(current - min_delta, reference)` with `min_delta` negated when lower is better).
func isImprovement(_ current: Float, over reference: Double, lowerIsBetter: Bool, minDelta: Double) -> Bool {
    lowerIsBetter ? Double(current) + minDelta < reference : Double(current) - minDelta > reference
}
