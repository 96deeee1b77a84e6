extension Metric {
    /// Keras's `Precision` in `compile(metrics:)`: `metrics: [.precision()]`.
    public static func precision(thresholds: Float? = nil, topK: Int? = nil, classId: Int? = nil, name: String? = nil) -> Metric {
        .object(Precision(thresholds: thresholds, topK: topK, classId: classId, name: name))
    }

    /// Keras's `Recall` in `compile(metrics:)`: `metrics: [.recall()]`.
    public static func recall(thresholds: Float? = nil, topK: Int? = nil, classId: Int? = nil, name: String? = nil) -> Metric {
        .object(Recall(thresholds: thresholds, topK: topK, classId: classId, name: name))
    }

    /// Keras's `AUC` in `compile(metrics:)`: `metrics: [.auc()]` (ROC, 200 thresholds).
    public static func auc(numThresholds: Int = 200, curve: AUC.Curve = .roc,
                           summationMethod: AUC.SummationMethod = .interpolation, fromLogits: Bool = false,
                           name: String? = nil) -> Metric {
        .object(AUC(numThresholds: numThresholds, curve: curve, summationMethod: summationMethod, fromLogits: fromLogits,
                    name: name))
    }

    /// Keras's `TopKCategoricalAccuracy` in `compile(metrics:)`, for one-hot labels.
    public static func topKCategoricalAccuracy(k: Int = 5, name: String? = nil) -> Metric {
        .object(TopKCategoricalAccuracy(k: k, name: name))
    }

    /// Keras's `SparseTopKCategoricalAccuracy` in `compile(metrics:)`, for class-index labels.
    public static func sparseTopKCategoricalAccuracy(k: Int = 5, name: String? = nil) -> Metric {
        .object(SparseTopKCategoricalAccuracy(k: k, name: name))
    }

    /// The metric object of an `.object` case.
    public var stateful: (any StatefulMetric)? {
        if case .object(let metric) = self { return metric }
        return nil
    }

    /// Metrics are equal when they are the same case; metric objects when they are the same instance.
    public static func == (lhs: Metric, rhs: Metric) -> Bool {
        switch (lhs, rhs) {
        case (.object(let a), .object(let b)): return a === b
        case (.object, _), (_, .object): return false
        default: return lhs.name == rhs.name
        }
    }
}
