/// Declares a model's per-sample input shape, like `keras.Input(shape=(784,))`.
///
/// Placed first in a `Sequential`, it fixes the input shape so that the model builds its weights at once.
/// It has no weights and does not appear in `model.layers` (as in Keras 3).
public final class Input: Layer {
    /// Keras's class name.
    public static var className: String { "InputLayer" }
    /// The per-sample input shape.
    public let shape: [Int]
    /// The name (`input_layer`, ...).
    public var name: String

    /// Creates an input declaration.
    ///
    /// - Parameters:
    ///   - shape: the per-sample shape, without the batch axis.
    ///   - name: the name; automatic (`input_layer`, ...) when nil.
    public init(shape: [Int], name: String? = nil) {
        // Checked when the model is built (`fit`, `build` throw): the initializer cannot throw.
        self.shape = shape
        self.name = name ?? LayerNames.unique("input_layer")
    }

    /// Rebuilds the declaration from Keras's `InputLayer` config (`batch_shape` `[null, d1, ...]`).
    public convenience init(config: [String: JSONValue]) throws {
        let batchShape = config["batch_shape"] ?? config["batch_input_shape"] ?? .null
        guard let dimensions = batchShape.arrayValue?.dropFirst().map(\.intValue), !dimensions.isEmpty,
              dimensions.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw SwiftKerasError.invalidArgument("InputLayer needs \"batch_shape\" [null, d1, ...] with positive sizes, got \(batchShape)")
        }
        self.init(shape: dimensions.map { $0! }, name: try config.string("name"))
    }

    /// The declared shape.
    public var declaredInputShape: [Int]? { shape }
    /// Always built.
    public var isBuilt: Bool { true }
    /// The declared shape.
    public var inputShape: [Int]? { shape }

    /// Nothing to build.
    public func build(inputShape: [Int]) throws {}

    /// The identity.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input }

    /// Keras's `InputLayer.get_config()`.
    public var config: [String: JSONValue] {
        ["name": .string(name), "batch_shape": .array([.null] + shape.map { .number(Double($0)) }),
         "dtype": .string("float32")]
    }
}
