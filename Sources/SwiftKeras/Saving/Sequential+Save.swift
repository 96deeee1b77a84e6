import Foundation

extension Sequential {
    /// Saves the whole model to one file, like Keras's `model.save`: the architecture (a JSON config shaped like
    /// Keras's `config.json`), the weights, the compile settings (optimizer, loss, metrics), the optimizer's
    /// state (step count and slots) and the shuffle seed, so that `Sequential.load(from:)` followed by
    /// `fit(..., initialEpoch:)` continues exactly where training stopped. The write is atomic: a failure
    /// leaves any previous file at `path` intact. The container is described in `ModelFile`.
    ///
    /// - Parameter path: the file to write, by convention ending in `.swiftkeras`.
    public func save(to path: String) throws {
        try AtomicFile.write(try encodedModelFile(), to: path)
    }

    /// The bytes `save(to:)` writes.
    func encodedModelFile() throws -> Data {
        guard isBuilt else {
            throw SwiftKerasError.notReady("save needs a built model: give the first layer an inputShape, or call the model or fit once")
        }
        var blobs = TensorBlobWriter()
        let weightTable = variables.map { blobs.add($0.name, $0.storedValue) }
        var model = ModelConfig.encode(self)
        var optimizerState = JSONValue.null
        if let compiled {
            model["compile_config"] = CompileConfig.encode(optimizer: compiled.optimizer, loss: compiled.loss,
                                                           metrics: compiled.metrics)
            if let optimizer = compiled.optimizer as? SlotOptimizer {
                optimizerState = SavedOptimizerState.encode(optimizer, variables: trainableVariables, into: &blobs)
            }
        }
        let document: JSONValue = .object([
            "format": .string("swiftkeras-model"), "model": .object(model), "weights": .array(weightTable),
            "optimizer_state": optimizerState, "shuffle_seed": .string(String(shuffleSeed)),
        ])
        return ModelFile.encode(document: document, data: blobs.data)
    }

    /// Loads a model saved with `save(to:)`, like `keras.models.load_model`: same architecture, names, weights,
    /// compile settings, optimizer state and shuffle seed. Loading does not disturb the global random state.
    ///
    /// Throws a `SwiftKerasError` naming the file and the problem when it is missing, truncated, corrupted (the
    /// container's CRC-32 checksums), from a newer format version, or inconsistent with itself.
    ///
    /// - Parameters:
    ///   - path: the file written by `save(to:)`.
    ///   - compile: whether to restore the optimizer, loss and metrics (Keras's `compile=True`).
    ///   - customLoss: the loss to use when the model was compiled with `.custom`.
    public static func load(from path: String, compile: Bool = true, customLoss: Loss? = nil) throws -> Sequential {
        let file = try ModelFile(try SavedBytes(contentsOf: path))
        let document = file.document
        guard try document.string("format") == "swiftkeras-model" else {
            throw document.failure("format is \(document.value["format"]?.stringValue ?? "?"), expected swiftkeras-model")
        }
        var cursor = 0
        let savedWeights = try document.member("weights").elements().map { try file.tensor($0, cursor: &cursor) }
        let modelReader = try document.member("model")
        let architecture = try ModelConfig.decode(modelReader)
        let optimizerState = try document.optionalMember("optimizer_state").map {
            try SavedOptimizerState($0, file: file, cursor: &cursor)
        }
        guard cursor == file.dataLength else {
            throw SwiftKerasError.fileFormat(path, offset: file.dataStart + cursor,
                "\(file.dataLength - cursor) bytes of the data section belong to no tensor")
        }
        let seedReader = try document.member("shuffle_seed")
        guard let seed = UInt64(try seedReader.string()) else { throw seedReader.failure("expected a 64-bit unsigned integer") }

        let randomState = GlobalRandom.generator
        defer { GlobalRandom.generator = randomState }
        let model = Sequential(architecture.layers, name: architecture.name)
        if let inputShape = architecture.inputShape {
            try checkWeightBudget(architecture.layers, inputShape: inputShape,
                                  available: savedWeights.reduce(0) { $0 + $1.tensor.count }, file: modelReader)
            try model.build(inputShape: inputShape)
        }
        try model.assignSavedWeights(savedWeights, matching: .byPosition, file: path)
        model.shuffleSeed = seed

        if compile, let compileReader = modelReader.optionalMember("compile_config") {
            let optimizerReader = try compileReader.member("optimizer")
            let optimizer = try CompileConfig.decodeOptimizer(optimizerReader)
            do { try validateOptimizer(optimizer) } catch let error as SwiftKerasError {
                throw optimizerReader.failure(error.message)
            }
            let loss = try CompileConfig.decodeLoss(try compileReader.member("loss"), customLoss: customLoss)
            let metrics = try compileReader.optionalMember("metrics")?.elements().map(CompileConfig.decodeMetric) ?? []
            model.compile(optimizer: optimizer, loss: loss, metrics: metrics)
            if let slotOptimizer = optimizer as? SlotOptimizer, let optimizerState {
                try optimizerState.restore(into: slotOptimizer, for: model.trainableVariables)
            }
        }
        return model
    }

    /// Refuses an architecture whose layers would create more weights than the file holds, before building it
    /// (so that a corrupted `units` cannot allocate gigabytes).
    private static func checkWeightBudget(_ layers: [any Layer], inputShape: [Int], available: Int, file: ConfigReader) throws {
        var shape = inputShape
        var planned = 0
        for layer in layers {
            if let count = layer.plannedWeightCount(inputShape: shape) {
                planned = count > available - planned ? Int.max : planned + count
                guard planned <= available else {
                    throw file.failure("wrong architecture: layer \(layer.name) needs more weights than the file's \(available) saved values")
                }
            }
            shape = layer.computeOutputShape(inputShape: shape)
            guard checkedElementCount(shape, limit: Int.max) != nil else {
                throw file.failure("layer \(layer.name) produces an output of shape \(shape), too large")
            }
        }
    }
}
