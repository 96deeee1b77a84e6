/// Multiplies its input by `scale` and adds `offset`, like `keras.layers.Rescaling`: `Rescaling(scale: 1 / 255)`
/// maps pixels to [0, 1], `Rescaling(scale: 1 / 127.5, offset: -1)` to [-1, 1].
public final class Rescaling: Layer {
    /// The factor.
    public let scale: Float
    /// The value added after scaling.
    public let offset: Float
    /// The layer's name (`rescaling`, ...).
    public var name: String
    /// The per-sample input shape given at construction, if any.
    public let declaredInputShape: [Int]?
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates a rescaling layer.
    ///
    /// - Parameters:
    ///   - scale: the factor.
    ///   - offset: added after scaling; 0 by default.
    ///   - inputShape: the per-sample input shape, when this is a model's first layer.
    ///   - name: the layer name; automatic when nil.
    public init(scale: Float, offset: Float = 0, inputShape: [Int]? = nil, name: String? = nil) {
        self.scale = scale
        self.offset = offset
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("rescaling")
    }

    /// Rebuilds a layer from its saved config (`scale`, `offset`, `name`).
    public convenience init(config: [String: JSONValue]) throws {
        self.init(scale: try config.float("scale"), offset: try config.float("offset", default: 0), name: try config.string("name"))
    }

    /// Records the input shape; no weights.
    public func build(inputShape: [Int]) throws { self.inputShape = inputShape }

    /// input · scale + offset, in float32 as Keras computes it.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        offset == 0 ? input * scale : input * scale + offset
    }

    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }

    /// Keras's `Rescaling.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["scale": .number(Double(scale)), "offset": .number(Double(offset))])
    }
}
