/// Flattens each sample to one axis: `[batch, d1, d2, ...]` -> `[batch, d1·d2·...]` (row-major, so channels-last
/// images keep the channel fastest, as in Keras).
///
/// ```swift
/// Flatten(inputShape: [28, 28])   // (None, 28, 28) -> (None, 784)
/// ```
public final class Flatten: Layer {
    /// The layer's name (`flatten`, `flatten_1`, ...).
    public var name: String
    /// The per-sample input shape given at construction, if any.
    public let declaredInputShape: [Int]?
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates a flatten layer.
    ///
    /// - Parameters:
    ///   - inputShape: the per-sample input shape, when this is a model's first layer.
    ///   - name: the layer name; automatic (`flatten`, `flatten_1`, ...) when nil.
    public init(inputShape: [Int]? = nil, name: String? = nil) {
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("flatten")
    }

    /// Rebuilds a layer from its saved config.
    public convenience init(config: [String: JSONValue]) throws {
        self.init(name: try config.string("name"))
    }

    /// Records the input shape; Flatten has no weights.
    public func build(inputShape: [Int]) throws {
        self.inputShape = inputShape
    }

    /// Reshapes `[batch, ...]` to `[batch, product of the rest]`.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        require(input.rank >= 1, "\(name) needs a batch axis, got a scalar")
        let width = input.shape.dropFirst().reduce(1, *)
        return input.reshaped(to: [input.shape[0], width])
    }

    /// `[d1·d2·...]`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { [inputShape.reduce(1, *)] }

    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }

    /// Keras's `Flatten.get_config()`.
    public var config: [String: JSONValue] { baseConfig(["data_format": .string("channels_last")]) }
}
