import SIMDKernels

/// What a global pooling layer shares: checks, the output shape and the config.
private enum GlobalPooling {
    static func check(_ inputShape: [Int], layer: String) throws {
        try WindowArguments.checkImage(inputShape, layer: layer)
    }

    static func outputShape(_ inputShape: [Int], keepdims: Bool) -> [Int] {
        guard let channels = inputShape.last else { return inputShape }
        return keepdims ? [1, 1, channels] : [channels]
    }

    /// Runs `forward` and `backward` kernels over `[batch, height, width, channels]`, reshaping to keepdims.
    static func apply(_ input: Tensor, keepdims: Bool,
                      forward: (UnsafePointer<Float>, Int, Int, Int, Int, UnsafeMutablePointer<Float>) -> Void,
                      backward: @escaping (Tensor, Tensor, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> Tensor {
        let (batch, height, width, channels) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        let y = Tensor(shape: keepdims ? [batch, 1, 1, channels] : [batch, channels]) { out, _ in
            input.scalars.withUnsafeBufferPointer { forward($0.baseAddress!, batch, height, width, channels, out) }
        }
        return Tensor.recorded(y, inputs: [input]) { dy in
            [Tensor(shape: input.shape) { out, _ in
                dy.scalars.withUnsafeBufferPointer { backward(input, y, $0.baseAddress!, out) }
            }]
        }
    }
}

/// The mean over height and width of each channel, like `keras.layers.GlobalAveragePooling2D`:
/// `[batch, h, w, c]` -> `[batch, c]` (or `[batch, 1, 1, c]` with `keepdims`).
public final class GlobalAveragePooling2D: Layer {
    /// Whether the spatial axes stay, with size 1.
    public let keepdims: Bool
    /// The layer's name (`global_average_pooling2d`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates the layer.
    public init(keepdims: Bool = false, name: String? = nil) {
        self.keepdims = keepdims
        self.name = name ?? LayerNames.unique("global_average_pooling2d")
    }

    /// Rebuilds a layer from its saved config.
    public convenience init(config: [String: JSONValue]) throws {
        self.init(keepdims: try config.bool("keepdims", default: false), name: try config.string("name"))
    }

    /// Checks for `[height, width, channels]` samples.
    public func build(inputShape: [Int]) throws {
        try GlobalPooling.check(inputShape, layer: "\(name) (GlobalAveragePooling2D)")
        self.inputShape = inputShape
    }

    /// The mean of each channel over the image.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        GlobalPooling.apply(input, keepdims: keepdims, forward: { x, b, h, w, c, y in
            globalAveragePool2DForward(x: x, batch: b, height: h, width: w, channels: c, y: y)
        }, backward: { x, _, dy, dx in
            globalAveragePool2DBackward(dy: dy, batch: x.shape[0], height: x.shape[1], width: x.shape[2], channels: x.shape[3], dx: dx)
        })
    }

    /// `[channels]`, or `[1, 1, channels]` with `keepdims`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { GlobalPooling.outputShape(inputShape, keepdims: keepdims) }
    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }
    /// Keras's `GlobalAveragePooling2D.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["data_format": .string("channels_last"), "keepdims": .bool(keepdims)])
    }
}

/// The maximum over height and width of each channel, like `keras.layers.GlobalMaxPooling2D`; tied maxima share
/// the gradient equally, as TensorFlow's `reduce_max` does.
public final class GlobalMaxPooling2D: Layer {
    /// Whether the spatial axes stay, with size 1.
    public let keepdims: Bool
    /// The layer's name (`global_max_pooling2d`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates the layer.
    public init(keepdims: Bool = false, name: String? = nil) {
        self.keepdims = keepdims
        self.name = name ?? LayerNames.unique("global_max_pooling2d")
    }

    /// Rebuilds a layer from its saved config.
    public convenience init(config: [String: JSONValue]) throws {
        self.init(keepdims: try config.bool("keepdims", default: false), name: try config.string("name"))
    }

    /// Checks for `[height, width, channels]` samples.
    public func build(inputShape: [Int]) throws {
        try GlobalPooling.check(inputShape, layer: "\(name) (GlobalMaxPooling2D)")
        self.inputShape = inputShape
    }

    /// The maximum of each channel over the image.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        GlobalPooling.apply(input, keepdims: keepdims, forward: { x, b, h, w, c, y in
            globalMaxPool2DForward(x: x, batch: b, height: h, width: w, channels: c, y: y)
        }, backward: { x, y, dy, dx in
            x.scalars.withUnsafeBufferPointer { px in
                y.scalars.withUnsafeBufferPointer { py in
                    globalMaxPool2DBackward(x: px.baseAddress!, y: py.baseAddress!, dy: dy, batch: x.shape[0], height: x.shape[1],
                                            width: x.shape[2], channels: x.shape[3], dx: dx)
                }
            }
        })
    }

    /// `[channels]`, or `[1, 1, channels]` with `keepdims`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { GlobalPooling.outputShape(inputShape, keepdims: keepdims) }
    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }
    /// Keras's `GlobalMaxPooling2D.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["data_format": .string("channels_last"), "keepdims": .bool(keepdims)])
    }
}
