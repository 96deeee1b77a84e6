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
            guard let type = LayerRegistry.type(named: layerClass) else {
                throw entry.failure("unknown layer class \(layerClass); known: \(LayerRegistry.knownNames.joined(separator: ", ")) (a layer of your own must be registered with registerLayer(_:) before loading)")
            }
            guard let arguments = layerConfig.value.objectValue else { throw layerConfig.failure("expected a JSON object") }
            do {
                layers.append(try type.init(config: arguments))
            } catch let error as SwiftKerasError {
                throw layerConfig.failure("\(layerClass): \(error.message)")
            }
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
}
