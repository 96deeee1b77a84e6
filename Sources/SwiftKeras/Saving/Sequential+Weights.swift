import Foundation

extension Sequential {
    /// Saves the weights in the safetensors format, like Keras's `model.save_weights`: one float32 tensor per
    /// variable, named by its Keras path (`dense/kernel`, `dense/bias`, `dense_1/kernel`, ...). The metadata
    /// records the weight order (`weight_order`, a JSON list) and a CRC-32 of the data (`swiftkeras_crc32`).
    ///
    /// In Python, `safetensors.numpy.load_file(path)` returns a dict of numpy arrays; the metadata's
    /// `weight_order` lists them in Keras's `get_weights()` order, so they load into a Keras model with the same
    /// layers whatever its layer names:
    /// ```python
    /// import json
    /// from safetensors import safe_open
    /// from safetensors.numpy import load_file
    /// weights = load_file("weights.safetensors")
    /// with safe_open("weights.safetensors", "np") as f:
    ///     order = json.loads(f.metadata()["weight_order"])
    /// model.set_weights([weights[name] for name in order])
    /// # the other way: save_file({f"{l.name}/{w.name}": keras.ops.convert_to_numpy(w)
    /// #                           for l in model.layers for w in l.weights}, "from_keras.safetensors")
    /// ```
    /// The write is atomic.
    ///
    /// - Parameter path: the file to write, by convention ending in `.safetensors`.
    public func saveWeights(to path: String) throws {
        guard isBuilt else {
            throw SwiftKerasError.notReady("saveWeights needs a built model: give the first layer an inputShape, or call the model or fit once")
        }
        let named = variables.map { (name: $0.name, tensor: $0.storedValue) }
        if let duplicate = Dictionary(grouping: named.map(\.name), by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw SwiftKerasError.invalidArgument("saveWeights: two weights are named \(duplicate); give the layers distinct names")
        }
        let order = JSONWriter.string(.array(named.map { .string($0.name) }))
        let data = SafeTensors.encode(named, metadata: ["format": "np", "weight_order": order], addingChecksum: true)
        try AtomicFile.write(data, to: path)
    }

    /// Loads weights saved by `saveWeights(to:)` (or by Python's `safetensors.numpy.save_file`, float32 or
    /// float64), or the weights of a model file saved by `save(to:)`, like Keras's `model.load_weights`.
    ///
    /// Tensors are matched by name (`dense/kernel`, ...); when the names differ (the same architecture built
    /// with other layer names), by the order the file records. Nothing is changed unless every weight matches:
    /// a missing, extra or differently shaped tensor throws a `SwiftKerasError` naming it (wrong architecture).
    ///
    /// - Parameter path: a `.safetensors` or `.swiftkeras` file.
    public func loadWeights(from path: String) throws {
        let file = try SavedBytes(contentsOf: path)
        if ModelFile.hasMagic(file.bytes) {
            let model = try ModelFile(file)
            var cursor = 0
            let saved = try model.document.member("weights").elements().map { try model.tensor($0, cursor: &cursor) }
            try assignSavedWeights(saved, matching: .byNameOrPosition, file: path)
            return
        }
        let contents = try SafeTensors.decode(file)
        if let order = contents.metadata["weight_order"],
           let names = try? JSONDecoder().decode([String].self, from: Data(order.utf8)),
           names.count == contents.tensors.count, Set(names) == Set(contents.tensors.map(\.name)) {
            let byName = Dictionary(contents.tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
            try assignSavedWeights(names.map { ($0, byName[$0]!) }, matching: .byNameOrPosition, file: path)
        } else {
            // Without a recorded order the file's order means nothing (Python writes names alphabetically).
            try assignSavedWeights(contents.tensors, matching: .byName, file: path)
        }
    }

    /// How saved tensors are paired with the model's variables.
    enum WeightMatching {
        /// By name only.
        case byName
        /// By name when every variable's name is present, else by the saved order.
        case byNameOrPosition
        /// By the saved order, whose names must equal the variables' (a model file's own weights).
        case byPosition
    }

    /// Replaces the weights with saved tensors after checking all of them (count, pairing, shapes), so that a
    /// file of another architecture changes nothing.
    func assignSavedWeights(_ saved: [(name: String, tensor: Tensor)], matching: WeightMatching, file path: String) throws {
        let targets = variables
        func listing(_ items: [(String, [Int])]) -> String { items.map { "\($0.0) \($0.1)" }.joined(separator: ", ") }
        let describeModel = listing(targets.map { ($0.name, $0.shape) })
        let describeFile = listing(saved.map { ($0.name, $0.tensor.shape) })
        guard saved.count == targets.count else {
            throw SwiftKerasError.fileFormat(path,
                "wrong architecture: the file holds \(saved.count) weights (\(describeFile)), model \(name) has \(targets.count) (\(describeModel))")
        }
        let savedByName = Dictionary(saved.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let allNamed = targets.allSatisfy { savedByName[$0.name] != nil }
        if matching == .byName, !allNamed {
            let missing = targets.map(\.name).filter { savedByName[$0] == nil }
            throw SwiftKerasError.fileFormat(path,
                "wrong architecture: no tensor named \(missing.joined(separator: ", ")) (file: \(describeFile); model: \(describeModel)); name the tensors like the model's weights, or record their order in the metadata as weight_order")
        }
        var values: [Tensor] = []
        for (index, variable) in targets.enumerated() {
            let (savedName, tensor) = matching != .byPosition && allNamed ? (variable.name, savedByName[variable.name]!) : saved[index]
            guard matching != .byPosition || savedName == variable.name else {
                throw SwiftKerasError.fileFormat(path, "weight \(index) is named \(savedName), the architecture names it \(variable.name)")
            }
            guard tensor.shape == variable.shape else {
                throw SwiftKerasError.fileFormat(path,
                    "wrong architecture: weight \(savedName) has shape \(tensor.shape), model \(name)'s \(variable.name) has \(variable.shape) (file: \(describeFile); model: \(describeModel))")
            }
            values.append(tensor)
        }
        try setWeights(values)
    }
}
