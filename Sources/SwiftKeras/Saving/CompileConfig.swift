/// The `compile_config` of a saved model (optimizer, loss, metrics, shaped like Keras's), and back.
enum CompileConfig {
    /// Keras's `compile_config`: `{"optimizer": {...}, "loss": {...}, "metrics": ["accuracy"], ...}`.
    static func encode(optimizer: any Optimizer, loss: Loss, metrics: [Metric]) -> JSONValue {
        var optimizerEntry = optimizer.config
        optimizerEntry["module"] = .string("keras.optimizers")
        optimizerEntry["registered_name"] = .null
        return .object(["optimizer": .object(optimizerEntry), "loss": encode(loss),
                        "metrics": .array(metrics.map { $0.stateful?.serialized ?? .string($0.name) }),
                        "loss_weights": .null, "weighted_metrics": .null, "run_eagerly": .bool(false),
                        "steps_per_execution": .number(1), "jit_compile": .bool(false)])
    }

    /// Keras's serialized loss object (`{"class_name": "SparseCategoricalCrossentropy", "config": {...}}`); a
    /// custom loss is the string "custom".
    static func encode(_ loss: Loss) -> JSONValue {
        let className: String
        var config: [String: JSONValue] = ["name": .string(loss.name), "reduction": .string("sum_over_batch_size")]
        switch loss {
        case .meanSquaredError: className = "MeanSquaredError"
        case .meanAbsoluteError: className = "MeanAbsoluteError"
        case .categoricalCrossentropy(let fromLogits):
            className = "CategoricalCrossentropy"
            config["from_logits"] = .bool(fromLogits)
        case .sparseCategoricalCrossentropy(let fromLogits):
            className = "SparseCategoricalCrossentropy"
            config["from_logits"] = .bool(fromLogits)
        case .binaryCrossentropy(let fromLogits):
            className = "BinaryCrossentropy"
            config["from_logits"] = .bool(fromLogits)
        case .custom: return .string("custom")
        case .registered(let name):
            return .object(["module": .null, "class_name": .string(name), "config": .object([:]),
                            "registered_name": .string(name)])
        default:
            let (rowwiseClass, rowwiseConfig) = loss.rowwiseKerasClass!  // the losses of Loss+Rowwise.swift
            className = rowwiseClass
            config.merge(rowwiseConfig) { _, new in new }
        }
        return .object(["module": .string("keras.losses"), "class_name": .string(className),
                        "config": .object(config), "registered_name": .null])
    }

    /// The loss from its serialized object or Keras's string name; "custom" needs `customLoss`.
    static func decodeLoss(_ reader: ConfigReader, customLoss: Loss?) throws -> Loss {
        let name: String
        var fromLogits = false, delta: Float = 1
        if let text = reader.value.stringValue {
            name = text
        } else {
            name = try reader.string("class_name")
            fromLogits = try reader.member("config").bool("from_logits", default: false)
            delta = try reader.member("config").float("delta", default: 1)
        }
        if let rowwise = Loss.rowwise(named: name, delta: delta) { return rowwise }
        switch name {
        case "MeanSquaredError", "mean_squared_error", "mse": return .meanSquaredError
        case "MeanAbsoluteError", "mean_absolute_error", "mae": return .meanAbsoluteError
        case "CategoricalCrossentropy", "categorical_crossentropy": return .categoricalCrossentropy(fromLogits: fromLogits)
        case "BinaryCrossentropy", "binary_crossentropy": return .binaryCrossentropy(fromLogits: fromLogits)
        case "SparseCategoricalCrossentropy", "sparse_categorical_crossentropy":
            return .sparseCategoricalCrossentropy(fromLogits: fromLogits)
        case _ where LossRegistry.body(named: name) != nil:
            return .registered(name)
        case "custom":
            guard let customLoss else {
                throw reader.failure("the model was compiled with a custom loss: pass it as Sequential.load(from:customLoss:), or load with compile: false")
            }
            return customLoss
        default: throw reader.failure("unknown loss \(name); a loss of your own must be registered with registerLoss(\"\(name)\") { ... } before loading")
        }
    }

    static func decodeMetric(_ reader: ConfigReader) throws -> Metric {
        if reader.value.stringValue == nil { return try decodeMetricObject(reader) }
        let name = try reader.string()
        let known: [Metric] = [.accuracy, .sparseCategoricalAccuracy, .categoricalAccuracy, .binaryAccuracy, .meanSquaredError,
                               .meanAbsoluteError]
        guard let metric = known.first(where: { $0.name == name }) else {
            throw reader.failure("unknown metric \(name); known: \(known.map(\.name).joined(separator: ", "))")
        }
        return metric
    }

    /// A built-in optimizer from Keras's `{"class_name": "Adam", "config": {"learning_rate": ..., ...}}`.
    static func decodeOptimizer(_ reader: ConfigReader) throws -> any Optimizer {
        let className = try reader.string("class_name")
        let config = try reader.member("config")
        if let optimizer = try builtInOptimizer(className, config) { return optimizer }
        if let make = OptimizerRegistry.factory(named: className) {
            guard let arguments = config.value.objectValue else { throw config.failure("expected a JSON object") }
            do { return try make(arguments) } catch let error as SwiftKerasError {
                throw config.failure("\(className): \(error.message)")
            }
        }
        throw reader.failure("unknown optimizer \(className) (built-in: \(builtInOptimizerNames.joined(separator: ", ")); register your own with registerOptimizer(className:_:)); load with compile: false and compile again")
    }
}
