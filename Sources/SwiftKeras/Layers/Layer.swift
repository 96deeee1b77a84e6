/// A building block of a model: it owns its weights and maps an input tensor to an output tensor.
///
/// Every layer file follows the same order (Keras's habit): initializer (the arguments) -> `build` (create the
/// weights once the input shape is known) -> `callAsFunction(_:training:)` (the forward pass, differentiable) ->
/// `computeOutputShape` -> `config` and `init(config:)`. Shapes given to `build` and `computeOutputShape` are per
/// sample: they leave out the batch axis.
///
/// A layer of your own conforms to this protocol and, to be saved and loaded with the model, is registered once
/// with `registerLayer(_:)`:
///
/// ```swift
/// final class Scale: Layer {
///     var name: String
///     var inputShape: [Int]?
///     let factor: Float
///     init(_ factor: Float) { self.factor = factor; name = uniqueLayerName("scale") }
///     required init(config: [String: JSONValue]) throws {
///         factor = try config.float("factor"); name = try config.string("name")
///     }
///     func build(inputShape: [Int]) throws { self.inputShape = inputShape }
///     func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input * factor }
///     var config: [String: JSONValue] { ["name": .string(name), "factor": .number(Double(factor))] }
/// }
/// registerLayer(Scale.self)
/// ```
public protocol Layer: AnyObject {
    /// The Keras class name shown in summaries and saved in configs (`Dense`, `Flatten`); by default the Swift
    /// type's name.
    static var className: String { get }
    /// The layer's name, unique within a session (`dense`, `dense_1`, ...).
    var name: String { get set }
    /// The per-sample input shape given at construction, if any (`inputShape:` in Keras).
    var declaredInputShape: [Int]? { get }
    /// Whether `build` has run: the weights exist.
    var isBuilt: Bool { get }
    /// The per-sample input shape the layer was built for.
    var inputShape: [Int]? { get }
    /// All weights in Keras order (kernel, then bias; trainable and non-trainable alike).
    var weights: [Variable] { get }
    /// Creates the weights for a per-sample input shape; throws when the shape cannot be used.
    func build(inputShape: [Int]) throws
    /// The forward pass on a batch (the first axis is the batch), differentiable inside `GradientTape.record`.
    ///
    /// `training` is true when `fit` (or a custom loop's `model(x, training: true)`) trains: Dropout drops units
    /// and BatchNormalization uses the batch's statistics only then. The one-argument call means `false`.
    func callAsFunction(_ input: Tensor, training: Bool) -> Tensor
    /// The per-sample output shape for a per-sample input shape.
    func computeOutputShape(inputShape: [Int]) -> [Int]
    /// The number of weight values `build(inputShape:)` would create, when the layer can tell before building
    /// (so that a corrupted saved config cannot allocate gigabytes); nil when it cannot.
    func plannedWeightCount(inputShape: [Int]) -> Int?
    /// The layer's arguments, shaped like Keras's `get_config()`.
    var config: [String: JSONValue] { get }
    /// Rebuilds an unbuilt layer from `config` (Keras's `from_config`); throws a `SwiftKerasError` naming the
    /// entry that is missing or wrong.
    init(config: [String: JSONValue]) throws
}

extension Layer {
    /// The type's name, as Keras uses a class's name.
    public static var className: String { String(describing: Self.self) }

    /// The Keras class name of this layer's type.
    public var className: String { Self.className }

    /// No declared input shape unless the layer takes one.
    public var declaredInputShape: [Int]? { nil }

    /// Built once `build` has recorded the input shape.
    public var isBuilt: Bool { inputShape != nil }

    /// No weights unless the layer creates some.
    public var weights: [Variable] { [] }

    /// The output has the input's shape unless the layer says otherwise.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { inputShape }

    /// Unknown before building unless the layer says otherwise.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { nil }

    /// The forward pass in inference mode, `self(input, training: false)`; an unbuilt layer builds itself first.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        buildIfNeeded(for: input)
        return self(input, training: false)
    }

    /// Builds the layer for `input`'s per-sample shape (its shape without the batch axis) unless it is built, as
    /// Keras's `Layer.__call__` builds a layer on its first call. An input the layer cannot take traps with the
    /// layer's message, as calling it would.
    public func buildIfNeeded(for input: Tensor) {
        guard !isBuilt else { return }
        do {
            try build(inputShape: Array(input.shape.dropFirst()))
        } catch {
            requirementFailure("\(name)(x) with x of shape \(input.shape): \(error)")
        }
    }

    /// The output shape in Keras's form, with `nil` for the batch axis: `[nil, 128]` prints as `(None, 128)`.
    public var outputShape: [Int?] {
        guard let inputShape else { return [nil] }
        return [nil] + computeOutputShape(inputShape: inputShape).map { Optional($0) }
    }

    /// The weights an optimizer trains.
    public var trainableVariables: [Variable] { weights.filter(\.trainable) }

    /// The weights an optimizer leaves alone (BatchNormalization's moving statistics).
    public var nonTrainableVariables: [Variable] { weights.filter { !$0.trainable } }

    /// The number of scalar weights.
    public func countParams() -> Int { weights.reduce(0) { $0 + $1.shape.reduce(1, *) } }

    /// The common entries of a layer's config: `name`, `trainable` and `dtype`, merged with `entries`.
    public func baseConfig(_ entries: [String: JSONValue] = [:]) -> [String: JSONValue] {
        entries.merging(["name": .string(name), "trainable": .bool(true), "dtype": .string("float32")]) { own, _ in own }
    }
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

/// The next automatic name for a layer of your own: `prefix` first, then `prefix_1`, `prefix_2`, ... (reset by
/// `clearSession()`), as Keras names layers.
public func uniqueLayerName(_ prefix: String) -> String { LayerNames.unique(prefix) }

/// Resets the automatic layer- and metric-name counters, like `keras.backend.clear_session()`.
public func clearSession() {
    LayerNames.reset()
}

/// Formats a per-sample shape as Keras prints it: `(None, 784)`.
func kerasShapeString(_ shape: [Int?]) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return parts.count == 1 ? "(\(parts[0]),)" : "(\(parts.joined(separator: ", ")))"
}
