/// A model's architecture as JSON shaped like Keras 3's `config.json` (`{"module": "keras", "class_name":
/// "Sequential", "config": {"name", "layers": [...]}, "build_config": {"input_shape": [null, 784]}}`), and back.
enum ModelConfig {
    /// The Keras-style serialization of one layer: module, class name, `get_config()`, build config.
    static func layerEntry(_ layer: any Layer) -> JSONValue {
        var entry: [String: JSONValue] = ["module": .string("keras.layers"), "class_name": .string(layer.className),
                                          "config": .object(layer.config), "registered_name": .null]
        if let inputShape = layer.inputShape { entry["build_config"] = .object(["input_shape": batchShape(inputShape)]) }
        return .object(entry)
    }

    /// `[null, d1, d2, ...]`, Keras's shape with an unknown batch axis.
    static func batchShape(_ shape: [Int]) -> JSONValue { .array([.null] + shape.map { .number(Double($0)) }) }

    /// The architecture of `model`, without its compile configuration.
    static func encode(_ model: Sequential) -> [String: JSONValue] {
        var layers = model.layers.map(layerEntry)
        if let inputShape = model.inputShape {
            layers.insert(.object(["module": .string("keras.layers"), "class_name": .string("InputLayer"),
                                   "config": .object(["batch_shape": batchShape(inputShape), "dtype": .string("float32"),
                                                      "sparse": .bool(false), "name": .string("input_layer")]),
                                   "registered_name": .null]), at: 0)
        }
        var config: [String: JSONValue] = [
            "module": .string("keras"), "class_name": .string("Sequential"), "registered_name": .null,
            "config": .object(["name": .string(model.name), "trainable": .bool(true), "dtype": .string("float32"),
                               "layers": .array(layers)]),
        ]
        if let inputShape = model.inputShape { config["build_config"] = .object(["input_shape": batchShape(inputShape)]) }
        return config
    }

    /// How a saved layer of a given Keras class is rebuilt from its `config`.
    nonisolated(unsafe) static var layerDecoders: [String: (ConfigReader) throws -> any Layer] = [
        "Dense": { config in
            Dense(try config.int("units", in: 1...Int(Int32.max)),
                  activation: try activation(config.optionalMember("activation")),
                  useBias: try config.bool("use_bias", default: true),
                  kernelInitializer: try initializer(config.optionalMember("kernel_initializer"), default: .glorotUniform),
                  biasInitializer: try initializer(config.optionalMember("bias_initializer"), default: .zeros),
                  name: try config.string("name"))
        },
        "Flatten": { config in Flatten(name: try config.string("name")) },
    ]

    /// Rebuilds the (unbuilt) layers and the input shape of a saved architecture.
    static func decode(_ reader: ConfigReader) throws -> (name: String, layers: [any Layer], inputShape: [Int]?) {
        let className = try reader.string("class_name")
        guard className == "Sequential" else {
            throw reader.failure("class_name is \(className); SwiftKeras loads Sequential models")
        }
        let config = try reader.member("config")
        var inputShape: [Int]?
        var layers: [any Layer] = []
        for (index, entry) in try config.member("layers").elements().enumerated() {
            let layerClass = try entry.string("class_name")
            let layerConfig = try entry.member("config")
            if layerClass == "InputLayer" {
                guard index == 0 else { throw entry.failure("an InputLayer may only come first") }
                inputShape = try shape(try layerConfig.optionalMember("batch_shape") ?? layerConfig.member("batch_input_shape"))
                continue
            }
            guard let decode = layerDecoders[layerClass] else {
                throw entry.failure("unknown layer class \(layerClass); known: \(layerDecoders.keys.sorted().joined(separator: ", "))")
            }
            layers.append(try decode(layerConfig))
        }
        if inputShape == nil, let build = reader.optionalMember("build_config") {
            inputShape = try shape(try build.member("input_shape"))
        }
        return (try config.string("name"), layers, inputShape)
    }

    /// A per-sample shape from Keras's `[null, d1, ...]`, each dimension at least 1 and at most 2³¹ values in all.
    static func shape(_ reader: ConfigReader) throws -> [Int] {
        let elements = try reader.elements()
        guard elements.count >= 2, elements[0].value == .null || elements[0].value.intValue != nil else {
            throw reader.failure("expected a batch shape [null, d1, ...] with at least one dimension")
        }
        let shape = try elements.dropFirst().map { try $0.int(in: 1...Int(Int32.max)) }
        guard checkedElementCount(shape) != nil else { throw reader.failure("shape \(shape) has more than 2^31 values") }
        return shape
    }

    static func activation(_ reader: ConfigReader?) throws -> Activation {
        guard let reader else { return .linear }
        let name = try reader.string()
        guard let activation = Activation(rawValue: name) else {
            throw reader.failure("unknown activation \(name); known: \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return activation
    }

    static func initializer(_ reader: ConfigReader?, default fallback: Initializer) throws -> Initializer {
        guard let reader else { return fallback }
        guard let initializer = Initializer(config: reader.value) else {
            throw reader.failure("unknown initializer \(reader.value["class_name"]?.stringValue ?? "(no class_name)")")
        }
        return initializer
    }

    /// The number of weights `layer` will create for `inputShape`, when it is known before building (so a
    /// corrupted `units` can be refused before it allocates); nil for layers without such a rule.
    static func plannedWeightCount(_ layer: any Layer, inputShape: [Int]) -> Int? {
        guard let dense = layer as? Dense else { return layer is Flatten ? 0 : nil }
        guard let inputDim = inputShape.last else { return nil }
        let (kernel, kernelOverflow) = inputDim.multipliedReportingOverflow(by: dense.units)
        let (total, totalOverflow) = kernel.addingReportingOverflow(dense.useBias ? dense.units : 0)
        return kernelOverflow || totalOverflow ? Int.max : total
    }
}
