/// Declares a model's per-sample input shape, like `keras.Input(shape=(784,))`.
///
/// Placed first in a `Sequential`, it fixes the input shape so that the model builds its weights at once.
/// It has no weights and does not appear in `model.layers` (as in Keras 3).
public final class Input: Layer {
    /// The per-sample input shape.
    public let shape: [Int]
    public var name: String

    public var className: String { "InputLayer" }

    /// Creates an input declaration.
    ///
    /// - Parameters:
    ///   - shape: the per-sample shape, without the batch axis.
    ///   - name: the name; automatic (`input_layer`, ...) when nil.
    public init(shape: [Int], name: String? = nil) {
        precondition(shape.allSatisfy { $0 > 0 }, "Input shape must be positive, got \(shape)")
        self.shape = shape
        self.name = name ?? LayerNames.unique("input_layer")
    }

    public var declaredInputShape: [Int]? { shape }
    public var isBuilt: Bool { true }
    public var inputShape: [Int]? { shape }
    public var weights: [Variable] { [] }

    public func build(inputShape: [Int]) throws {}

    /// The identity.
    public func callAsFunction(_ input: Tensor) -> Tensor { input }

    public func computeOutputShape(inputShape: [Int]) -> [Int] { inputShape }

    public var config: [String: JSONValue] {
        ["name": .string(name), "batch_shape": .array([.null] + shape.map { .number(Double($0)) }),
         "dtype": .string("float32")]
    }
}
