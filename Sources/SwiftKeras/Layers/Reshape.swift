/// Reshapes each sample to `targetShape` (one entry may be -1, inferred from the others), like
/// `keras.layers.Reshape`: `[batch, 784]` -> `Reshape([28, 28, 1])` -> `[batch, 28, 28, 1]`.
public final class Reshape: Layer {
    /// The per-sample output shape as given (it may hold one -1).
    public let targetShape: [Int]
    /// The layer's name (`reshape`, `reshape_1`, ...).
    public var name: String
    /// The per-sample input shape given at construction, if any.
    public let declaredInputShape: [Int]?
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates a reshape layer.
    ///
    /// - Parameters:
    ///   - targetShape: the per-sample output shape; one entry may be -1.
    ///   - inputShape: the per-sample input shape, when this is a model's first layer.
    ///   - name: the layer name; automatic when nil.
    public init(_ targetShape: [Int], inputShape: [Int]? = nil, name: String? = nil) {
        self.targetShape = targetShape
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("reshape")
    }

    /// Rebuilds a layer from its saved config (`target_shape`, `name`).
    public convenience init(config: [String: JSONValue]) throws {
        let shape = try config.required("target_shape").arrayValue?.map { $0.intValue } ?? []
        guard !shape.isEmpty, shape.allSatisfy({ $0 != nil && ($0! > 0 || $0! == -1) }) else {
            throw SwiftKerasError.invalidArgument("\"target_shape\" must list positive sizes (one may be -1), got \(config["target_shape"]!)")
        }
        self.init(shape.map { $0! }, name: try config.string("name"))
    }

    /// Checks that the input's size fits the target shape.
    public func build(inputShape: [Int]) throws {
        _ = try resolvedShape(for: inputShape)
        self.inputShape = inputShape
    }

    /// The target shape with its -1 resolved for `inputShape`, or an error naming both shapes.
    func resolvedShape(for inputShape: [Int]) throws -> [Int] {
        let count = inputShape.reduce(1, *)
        let unknown = targetShape.filter { $0 == -1 }.count
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        guard unknown <= 1, targetShape.allSatisfy({ $0 > 0 || $0 == -1 }), known > 0 else {
            throw SwiftKerasError.invalidArgument("\(name) (Reshape) needs positive sizes with at most one -1, got \(targetShape)")
        }
        guard unknown == 1 ? count % known == 0 : count == known else {
            throw SwiftKerasError.shapeMismatch(
                "\(name) (Reshape) cannot reshape samples of shape \(inputShape) (\(count) values) to \(targetShape)")
        }
        return targetShape.map { $0 == -1 ? count / known : $0 }
    }

    /// `[batch] + targetShape`.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        input.reshaped(to: [input.shape.first ?? 0] + computeOutputShape(inputShape: Array(input.shape.dropFirst())))
    }

    /// The target shape, with its -1 resolved.
    public func computeOutputShape(inputShape: [Int]) -> [Int] {
        (try? resolvedShape(for: inputShape)) ?? targetShape
    }

    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }

    /// Keras's `Reshape.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["target_shape": .array(targetShape.map { .number(Double($0)) })])
    }
}
