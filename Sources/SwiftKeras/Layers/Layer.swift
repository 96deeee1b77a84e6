/// A building block of a model: it owns its weights and maps an input tensor to an output tensor.
///
/// Every layer file follows the same order (Keras's habit): initializer (the arguments) -> `build` (create the
/// weights once the input shape is known) -> `callAsFunction` (the forward pass, differentiable) ->
/// `computeOutputShape` -> `config`. Shapes given to `build` and `computeOutputShape` are per sample: they
/// leave out the batch axis.
public protocol Layer: AnyObject {
    /// The layer's name, unique within a session (`dense`, `dense_1`, ...).
    var name: String { get set }
    /// The Keras class name shown in summaries and configs (`Dense`, `Flatten`).
    var className: String { get }
    /// The per-sample input shape given at construction, if any (`inputShape:` in Keras).
    var declaredInputShape: [Int]? { get }
    /// Whether `build` has created the weights.
    var isBuilt: Bool { get }
    /// The per-sample input shape the layer was built for.
    var inputShape: [Int]? { get }
    /// All weights in Keras order (kernel, then bias).
    var weights: [Variable] { get }
    /// Creates the weights for a per-sample input shape; throws when the shape cannot be used.
    func build(inputShape: [Int]) throws
    /// The forward pass on a batch (the first axis is the batch), differentiable inside `GradientTape.record`.
    func callAsFunction(_ input: Tensor) -> Tensor
    /// The per-sample output shape for a per-sample input shape.
    func computeOutputShape(inputShape: [Int]) -> [Int]
    /// The layer's arguments, shaped like Keras's `get_config()`.
    var config: [String: JSONValue] { get }
}

extension Layer {
    /// The output shape in Keras's form, with `nil` for the batch axis: `[nil, 128]` prints as `(None, 128)`.
    public var outputShape: [Int?] {
        guard let inputShape else { return [nil] }
        return [nil] + computeOutputShape(inputShape: inputShape).map { Optional($0) }
    }

    /// The weights an optimizer trains.
    public var trainableVariables: [Variable] { weights.filter(\.trainable) }

    /// The number of scalar weights.
    public func countParams() -> Int { weights.reduce(0) { $0 + $1.shape.reduce(1, *) } }
}

/// Automatic layer and model names (`dense`, `dense_1`, ...), reset by `clearSession()`.
enum LayerNames {
    nonisolated(unsafe) private static var counters: [String: Int] = [:]

    /// The next unused name for `prefix`: the prefix itself first, then `prefix_1`, `prefix_2`, ...
    static func unique(_ prefix: String) -> String {
        let used = counters[prefix, default: 0]
        counters[prefix] = used + 1
        return used == 0 ? prefix : "\(prefix)_\(used)"
    }

    static func reset() { counters = [:] }
}

/// Resets the automatic layer-name counters, like `keras.backend.clear_session()`.
public func clearSession() {
    LayerNames.reset()
}

/// Formats a per-sample shape as Keras prints it: `(None, 784)`.
func kerasShapeString(_ shape: [Int?]) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return parts.count == 1 ? "(\(parts[0]),)" : "(\(parts.joined(separator: ", ")))"
}
