/// Flattens each sample to one axis: `[batch, d1, d2, ...]` -> `[batch, d1·d2·...]`.
///
/// ```swift
/// Flatten(inputShape: [28, 28])   // (None, 28, 28) -> (None, 784)
/// ```
public final class Flatten: Layer {
    public var name: String
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?

    public var className: String { "Flatten" }

    /// Creates a flatten layer.
    ///
    /// - Parameters:
    ///   - inputShape: the per-sample input shape, when this is a model's first layer.
    ///   - name: the layer name; automatic (`flatten`, `flatten_1`, ...) when nil.
    public init(inputShape: [Int]? = nil, name: String? = nil) {
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("flatten")
    }

    public var isBuilt: Bool { inputShape != nil }

    public var weights: [Variable] { [] }

    /// Records the input shape; Flatten has no weights.
    public func build(inputShape: [Int]) throws {
        self.inputShape = inputShape
    }

    /// Reshapes `[batch, ...]` to `[batch, product of the rest]`.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        precondition(input.rank >= 1, "\(name) needs a batch axis, got a scalar")
        let width = input.shape.dropFirst().reduce(1, *)
        return input.reshaped(to: [input.shape[0], width])
    }

    public func computeOutputShape(inputShape: [Int]) -> [Int] { [inputShape.reduce(1, *)] }

    public var config: [String: JSONValue] {
        ["name": .string(name), "trainable": .bool(true), "dtype": .string("float32"),
         "data_format": .string("channels_last")]
    }
}
