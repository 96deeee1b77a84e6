extension CompileConfig {
    /// A metric object from Keras's `{"class_name": "Precision", "config": {"name": "precision", ...}}`, with
    /// its saved name (so that a loaded model logs under the same keys).
    static func decodeMetricObject(_ reader: ConfigReader) throws -> Metric {
        let className = try reader.string("class_name")
        let config = try reader.member("config")
        let name = try config.string("name")
        func optionalInt(_ key: String) throws -> Int? {
            guard let member = config.optionalMember(key), member.value != .null else { return nil }
            return try member.int()
        }
        func optionalFloat(_ key: String) throws -> Float? {
            guard let member = config.optionalMember(key), member.value != .null else { return nil }
            return try member.float()
        }
        switch className {
        case "Precision", "Recall":
            let thresholds = try optionalFloat("thresholds"), topK = try optionalInt("top_k"), classId = try optionalInt("class_id")
            if className == "Precision" { return .object(Precision(thresholds: thresholds, topK: topK, classId: classId, name: name)) }
            return .object(Recall(thresholds: thresholds, topK: topK, classId: classId, name: name))
        case "AUC":
            let curveName = try config.optionalMember("curve")?.string() ?? "ROC"
            let methodName = try config.optionalMember("summation_method")?.string() ?? "interpolation"
            guard let curve = AUC.Curve(rawValue: curveName) else { throw config.failure("AUC curve must be ROC or PR, got \(curveName)") }
            guard let method = AUC.SummationMethod(rawValue: methodName) else {
                throw config.failure("AUC summation_method must be interpolation, minoring or majoring, got \(methodName)")
            }
            if try config.bool("multi_label", default: false) { throw config.failure("AUC with multi_label is not supported") }
            return .object(AUC(numThresholds: try optionalInt("num_thresholds") ?? 200, curve: curve, summationMethod: method,
                               fromLogits: try config.bool("from_logits", default: false), name: name))
        case "TopKCategoricalAccuracy":
            return .object(TopKCategoricalAccuracy(k: try optionalInt("k") ?? 5, name: name))
        case "SparseTopKCategoricalAccuracy":
            return .object(SparseTopKCategoricalAccuracy(k: try optionalInt("k") ?? 5, name: name))
        default:
            throw reader.failure(
                "unknown metric class \(className) (known: Precision, Recall, AUC, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy); load with compile: false and compile again")
        }
    }
}
