import SIMDKernels

/// The arguments of a 2-D pooling layer (Keras's `pool_size`, `strides`, `padding`): its checks, geometry and config.
struct PoolWindow {
    let poolSize: (Int, Int)
    let strides: (Int, Int)
    let padding: Padding

    init(poolSize: (Int, Int), strides: (Int, Int)?, padding: Padding) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        self.padding = padding
    }

    init(config: [String: JSONValue]) throws {
        let strides = config["strides"] == nil || config["strides"] == .null ? nil : try WindowArguments.pair(config, "strides")
        self.init(poolSize: try WindowArguments.pair(config, "pool_size"), strides: strides,
                  padding: try WindowArguments.padding(config))
    }

    func check(_ inputShape: [Int], layer: String) throws {
        try WindowArguments.checkPositive([poolSize.0, poolSize.1], "a pool size", layer: layer)
        try WindowArguments.checkPositive([strides.0, strides.1], "strides", layer: layer)
        try WindowArguments.checkImage(inputShape, layer: layer)
        _ = try WindowArguments.outputSize(inputShape, window: poolSize, strides: strides, padding: padding, layer: layer)
    }

    func geometry(_ input: Tensor) -> Pool2DGeometry {
        Pool2DGeometry(batch: input.shape[0], height: input.shape[1], width: input.shape[2], channels: input.shape[3],
                       poolHeight: poolSize.0, poolWidth: poolSize.1, strideH: strides.0, strideW: strides.1,
                       padding: padding.kernelPadding)
    }

    func outputShape(_ inputShape: [Int]) -> [Int] {
        guard inputShape.count == 3,
              let (height, width) = try? WindowArguments.outputSize(inputShape, window: poolSize, strides: strides,
                                                                    padding: padding, layer: "")
        else { return inputShape }
        return [height, width, inputShape[2]]
    }

    var config: [String: JSONValue] {
        ["pool_size": WindowArguments.pair(poolSize), "strides": WindowArguments.pair(strides),
         "padding": .string(padding.rawValue), "data_format": .string("channels_last")]
    }
}

/// The largest value of each window, like `keras.layers.MaxPooling2D` (channels last). Padding cells are never
/// picked; the gradient goes to the first maximum of each window in row-major order, as in TensorFlow.
public final class MaxPooling2D: Layer {
    /// The window's height and width.
    public var poolSize: (Int, Int) { window.poolSize }
    /// The steps between windows (the pool size unless given).
    public var strides: (Int, Int) { window.strides }
    /// How the border is treated.
    public var padding: Padding { window.padding }
    /// The layer's name (`max_pooling2d`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?
    private let window: PoolWindow

    /// Creates a max-pooling layer; `strides` default to the pool size, as in Keras.
    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String? = nil) {
        window = PoolWindow(poolSize: poolSize, strides: strides, padding: padding)
        self.name = name ?? LayerNames.unique("max_pooling2d")
    }

    /// Creates a max-pooling layer with a square window.
    public convenience init(poolSize: Int, strides: Int? = nil, padding: Padding = .valid, name: String? = nil) {
        self.init(poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    /// Rebuilds a layer from its saved config.
    public init(config: [String: JSONValue]) throws {
        window = try PoolWindow(config: config)
        name = try config.string("name")
    }

    /// Checks the window against `[height, width, channels]`.
    public func build(inputShape: [Int]) throws {
        try window.check(inputShape, layer: "\(name) (MaxPooling2D)")
        self.inputShape = inputShape
    }

    /// The maximum of each window.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        let g = window.geometry(input)
        let count = g.batch * g.outHeight * g.outWidth * g.channels
        var y = Tensor(zeros: [])
        // The forward kernel writes every argmax entry, so the buffer need not be cleared first.
        let argmax = [Int32](unsafeUninitializedCapacity: count) { indices, initialized in
            y = Tensor(shape: [g.batch, g.outHeight, g.outWidth, g.channels]) { out, _ in
                input.scalars.withUnsafeBufferPointer { maxPool2DForward(g, x: $0.baseAddress!, y: out, argmax: indices.baseAddress!) }
            }
            initialized = count
        }
        return Tensor.recorded(y, inputs: [input]) { dy in
            [Tensor(shape: input.shape) { out, _ in
                dy.scalars.withUnsafeBufferPointer { pdy in
                    argmax.withUnsafeBufferPointer { maxPool2DBackward(g, dy: pdy.baseAddress!, argmax: $0.baseAddress!, dx: out) }
                }
            }]
        }
    }

    /// `[outHeight, outWidth, channels]`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { window.outputShape(inputShape) }
    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }
    /// Keras's `MaxPooling2D.get_config()`.
    public var config: [String: JSONValue] { baseConfig(window.config) }
}

/// The mean of each window, like `keras.layers.AveragePooling2D` (channels last); with `.same` padding a window
/// at the border is divided by its cells inside the image, as in Keras.
public final class AveragePooling2D: Layer {
    /// The window's height and width.
    public var poolSize: (Int, Int) { window.poolSize }
    /// The steps between windows (the pool size unless given).
    public var strides: (Int, Int) { window.strides }
    /// How the border is treated.
    public var padding: Padding { window.padding }
    /// The layer's name (`average_pooling2d`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?
    private let window: PoolWindow

    /// Creates an average-pooling layer; `strides` default to the pool size, as in Keras.
    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String? = nil) {
        window = PoolWindow(poolSize: poolSize, strides: strides, padding: padding)
        self.name = name ?? LayerNames.unique("average_pooling2d")
    }

    /// Creates an average-pooling layer with a square window.
    public convenience init(poolSize: Int, strides: Int? = nil, padding: Padding = .valid, name: String? = nil) {
        self.init(poolSize: (poolSize, poolSize), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    /// Rebuilds a layer from its saved config.
    public init(config: [String: JSONValue]) throws {
        window = try PoolWindow(config: config)
        name = try config.string("name")
    }

    /// Checks the window against `[height, width, channels]`.
    public func build(inputShape: [Int]) throws {
        try window.check(inputShape, layer: "\(name) (AveragePooling2D)")
        self.inputShape = inputShape
    }

    /// The mean of each window.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        let g = window.geometry(input)
        let y = Tensor(shape: [g.batch, g.outHeight, g.outWidth, g.channels]) { out, _ in
            input.scalars.withUnsafeBufferPointer { averagePool2DForward(g, x: $0.baseAddress!, y: out) }
        }
        return Tensor.recorded(y, inputs: [input]) { dy in
            [Tensor(shape: input.shape) { out, _ in
                dy.scalars.withUnsafeBufferPointer { averagePool2DBackward(g, dy: $0.baseAddress!, dx: out) }
            }]
        }
    }

    /// `[outHeight, outWidth, channels]`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { window.outputShape(inputShape) }
    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }
    /// Keras's `AveragePooling2D.get_config()`.
    public var config: [String: JSONValue] { baseConfig(window.config) }
}
