/// An optimizer's saved state: its step count and, for each trainable variable, its slots (momentum, moments,
/// accumulators), stored as `{"iterations", "slot_names", "variables": [{"variable", "slots": [tensor entries]}]}`.
struct SavedOptimizerState {
    /// Keras's `optimizer.iterations`.
    let iterations: Int
    /// Per trainable variable: its name and its named slots (empty before the variable's first update).
    let variables: [(name: String, slots: [(name: String, tensor: Tensor)])]
    /// Where the state sits in the file, for error messages.
    let reader: ConfigReader

    /// The JSON entry for `optimizer`'s state over `variables`, with the slot tensors appended to `blobs`.
    static func encode(_ optimizer: SlotOptimizer, variables: [Variable], into blobs: inout TensorBlobWriter) -> JSONValue {
        let entries: [JSONValue] = variables.map { variable in
            let slots = zip(optimizer.slotNames, optimizer.slots(for: variable)).map { blobs.add($0, $1) }
            return .object(["variable": .string(variable.name), "slots": .array(slots)])
        }
        return .object(["iterations": .number(Double(optimizer.iterations)),
                        "slot_names": .array(optimizer.slotNames.map { .string($0) }), "variables": .array(entries)])
    }

    /// Reads the state's table and its tensors (which follow the weights in the data section).
    init(_ reader: ConfigReader, file: ModelFile, cursor: inout Int) throws {
        self.reader = reader
        iterations = try reader.int("iterations", in: 0...(1 << 53))
        variables = try reader.member("variables").elements().map { entry in
            (try entry.string("variable"), try entry.member("slots").elements().map { try file.tensor($0, cursor: &cursor) })
        }
    }

    /// Restores the step count and the slots into `optimizer` for the model's trainable `variables`.
    func restore(into optimizer: SlotOptimizer, for modelVariables: [Variable]) throws {
        guard variables.count == modelVariables.count else {
            throw reader.failure("optimizer state for \(variables.count) variables, the model trains \(modelVariables.count)")
        }
        for (saved, variable) in zip(variables, modelVariables) {
            guard saved.name == variable.name, saved.slots.isEmpty || saved.slots.map(\.name) == optimizer.slotNames,
                  saved.slots.allSatisfy({ $0.tensor.shape == variable.shape }) else {
                throw reader.failure("optimizer slots \(saved.slots.map { "\($0.name) \($0.tensor.shape)" }) for \(saved.name) do not match variable \(variable.name) \(variable.shape) with slots \(optimizer.slotNames)")
            }
        }
        try optimizer.restoreState(iterations: iterations, slots: variables.map { $0.slots.map(\.tensor) }, for: modelVariables)
    }
}
