/// What `evaluate` returns: the loss and each metric in Keras's order (loss first, then the metrics in compile
/// order, as `model.evaluate` lists them), looked up by name like Keras's `return_dict=True` dictionary.
///
/// ```swift
/// let scores = try model.evaluate(xTest, yTest, verbose: 0)
/// scores["loss"]        // Float?
/// print(scores)         // ["loss": 0.0712, "accuracy": 0.978]
/// for (name, value) in scores { ... }
/// ```
public struct EvaluationResult: Equatable, Sequence, CustomStringConvertible {
    /// The names in order: `loss`, then each metric's name.
    public let keys: [String]
    /// The values, in the order of `keys`.
    public let values: [Float]

    /// Creates a result from `(name, value)` pairs in display order.
    public init(_ entries: [(String, Float)]) {
        keys = entries.map(\.0)
        values = entries.map(\.1)
    }

    /// The value logged under `name`, or nil when there is none.
    public subscript(name: String) -> Float? {
        keys.firstIndex(of: name).map { values[$0] }
    }

    /// The results as a dictionary (Keras's `return_dict=True`), in no particular order.
    public var dictionary: [String: Float] {
        Dictionary(zip(keys, values), uniquingKeysWith: { first, _ in first })
    }

    /// The number of entries.
    public var count: Int { keys.count }

    /// The `(name, value)` pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: Float)]> {
        zip(keys, values).map { (name: $0, value: $1) }.makeIterator()
    }

    /// `["loss": 0.0712, "accuracy": 0.978]`: loss first, then the metrics in compile order.
    public var description: String {
        guard !keys.isEmpty else { return "[:]" }
        return "[" + zip(keys, values).map { "\"\($0)\": \($1)" }.joined(separator: ", ") + "]"
    }
}
