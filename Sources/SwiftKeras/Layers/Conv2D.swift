import SIMDKernels

/// A 2-D convolution over channels-last images, like `keras.layers.Conv2D`:
/// `y[b, i, j, o] = activation(bias[o] + Σ_{p,q,c} x[b, i·sh + p, j·sw + q, c] · kernel[p, q, c, o])`
/// (a cross-correlation, as in Keras), with `padding: .same` adding zeros around the border.
///
/// - Input shape: `[batch, height, width, channels]`.
/// - Weights: `kernel` `[kernelHeight, kernelWidth, channels, filters]` and `bias` `[filters]`.
///
/// ```swift
/// Conv2D(32, kernelSize: (3, 3), activation: .relu)
/// ```
public final class Conv2D: Layer {
    /// Keras's class name.
    public static var className: String { "Conv2D" }
    /// The number of output channels.
    public let filters: Int
    /// The window's height and width.
    public let kernelSize: (Int, Int)
    /// The steps between windows, down and across.
    public let strides: (Int, Int)
    /// How the border is treated.
    public let padding: Padding
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias.
    public let useBias: Bool
    /// How the kernel is initialized.
    public let kernelInitializer: Initializer
    /// How the bias is initialized.
    public let biasInitializer: Initializer
    /// The layer's name (`conv2d`, `conv2d_1`, ...).
    public var name: String
    /// The per-sample input shape given at construction, if any.
    public let declaredInputShape: [Int]?
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?
    /// The kernel (nil until the layer is built).
    public private(set) var kernel: Variable?
    /// The bias (nil until built, or when `useBias` is false).
    public private(set) var bias: Variable?

    /// Creates a convolution layer.
    ///
    /// - Parameters:
    ///   - filters: the output channels.
    ///   - kernelSize: the window's height and width.
    ///   - strides: the steps between windows; (1, 1) by default.
    ///   - padding: `.valid` (no padding, the default) or `.same`.
    ///   - activation: applied to the output; `.linear` by default.
    ///   - useBias: whether to add a bias.
    ///   - kernelInitializer: `.glorotUniform` by default, as Keras (fans over the receptive field).
    ///   - biasInitializer: `.zeros` by default.
    ///   - inputShape: the per-sample input shape `[height, width, channels]`, when this is a model's first layer.
    ///   - name: the layer name; automatic when nil.
    public init(_ filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                activation: Activation = .linear, useBias: Bool = true, kernelInitializer: Initializer = .glorotUniform,
                biasInitializer: Initializer = .zeros, inputShape: [Int]? = nil, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("conv2d")
    }

    /// Creates a convolution layer with a square window and equal strides.
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            activation: Activation = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                            inputShape: [Int]? = nil, name: String? = nil) {
        self.init(filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides), padding: padding,
                  activation: activation, useBias: useBias, kernelInitializer: kernelInitializer,
                  biasInitializer: biasInitializer, inputShape: inputShape, name: name)
    }

    /// Rebuilds a layer from its saved config.
    public convenience init(config: [String: JSONValue]) throws {
        self.init(try config.int("filters", in: 1...1 << 20), kernelSize: try WindowArguments.pair(config, "kernel_size"),
                  strides: try WindowArguments.pair(config, "strides"), padding: try WindowArguments.padding(config),
                  activation: try config.activation(), useBias: try config.bool("use_bias", default: true),
                  kernelInitializer: try config.initializer("kernel_initializer", default: .glorotUniform),
                  biasInitializer: try config.initializer("bias_initializer", default: .zeros), name: try config.string("name"))
    }

    /// Whether the kernel exists.
    public var isBuilt: Bool { kernel != nil }

    /// The kernel, then the bias.
    public var weights: [Variable] { [kernel, bias].compactMap { $0 } }

    /// Checks the arguments against `[height, width, channels]` and creates the kernel and bias.
    public func build(inputShape: [Int]) throws {
        try WindowArguments.checkPositive([filters], "filters", layer: "\(name) (Conv2D)")
        try WindowArguments.checkPositive([kernelSize.0, kernelSize.1], "a kernel size", layer: "\(name) (Conv2D)")
        try WindowArguments.checkPositive([strides.0, strides.1], "strides", layer: "\(name) (Conv2D)")
        try WindowArguments.checkImage(inputShape, layer: "\(name) (Conv2D)")
        _ = try WindowArguments.outputSize(inputShape, window: kernelSize, strides: strides, padding: padding, layer: "\(name) (Conv2D)")
        try kernelInitializer.validate("\(name) (Conv2D) kernelInitializer")
        try biasInitializer.validate("\(name) (Conv2D) biasInitializer")
        var generator = SeededGenerator(seed: GlobalRandom.nextSeed())
        let shape = [kernelSize.0, kernelSize.1, inputShape[2], filters]
        kernel = Variable(kernelInitializer(shape: shape, generator: &generator), name: "\(name)/kernel")
        if useBias { bias = Variable(biasInitializer(shape: [filters], generator: &generator), name: "\(name)/bias") }
        self.inputShape = inputShape
    }

    /// activation(conv(input, kernel) + bias), one recorded operation.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        buildIfNeeded(for: input)
        guard let kernel else { requirementFailure("\(name) is used before it is built") }
        require(input.rank == 4 && Array(input.shape.dropFirst()) == inputShape!,
                     "\(name) expects inputs of shape \(kerasShapeString([nil] + inputShape!.map { $0 })), got \(input.shape)")
        let geometry = Conv2DGeometry(batch: input.shape[0], height: input.shape[1], width: input.shape[2],
                                      inChannels: input.shape[3], outChannels: filters, kernelHeight: kernelSize.0,
                                      kernelWidth: kernelSize.1, strideH: strides.0, strideW: strides.1,
                                      padding: padding.kernelPadding)
        let fused = activation == .softmax ? KernelActivation.linear : activation.kernel ?? .linear
        let output = convolution(input, kernel.value, bias?.value, geometry, fused)
        return activation == .softmax ? softmax(output) : output
    }

    /// `[outHeight, outWidth, filters]`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] {
        guard inputShape.count == 3,
              let (height, width) = try? WindowArguments.outputSize(inputShape, window: kernelSize, strides: strides,
                                                                    padding: padding, layer: name)
        else { return inputShape }
        return [height, width, filters]
    }

    /// kh·kw·channels·filters (+ filters with a bias).
    public func plannedWeightCount(inputShape: [Int]) -> Int? {
        guard inputShape.count == 3 else { return nil }
        let (product, overflow) = [kernelSize.0, kernelSize.1, inputShape[2], filters].reduce((1, false)) { partial, factor in
            let (value, flag) = partial.0.multipliedReportingOverflow(by: factor)
            return (value, partial.1 || flag)
        }
        return overflow ? Int.max : product + (useBias ? filters : 0)
    }

    /// Keras's `Conv2D.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["filters": .number(Double(filters)), "kernel_size": WindowArguments.pair(kernelSize),
                    "strides": WindowArguments.pair(strides), "padding": .string(padding.rawValue),
                    "data_format": .string("channels_last"), "dilation_rate": WindowArguments.pair((1, 1)),
                    "groups": .number(1), "activation": .string(activation.rawValue), "use_bias": .bool(useBias),
                    "kernel_initializer": kernelInitializer.config, "bias_initializer": biasInitializer.config,
                    "kernel_regularizer": .null, "bias_regularizer": .null, "activity_regularizer": .null,
                    "kernel_constraint": .null, "bias_constraint": .null])
    }
}

/// y = act(conv(x, k) + b) as one recorded operation. Backward: dz = dy ⊙ act'(y), dx = col2im(dz·kᵀ) (only when x
/// is recorded), dk = im2col(x)ᵀ·dz, db = Σ dz.
func convolution(_ x: Tensor, _ k: Tensor, _ b: Tensor?, _ g: Conv2DGeometry, _ activation: KernelActivation) -> Tensor {
    let y = Tensor(shape: [g.batch, g.outHeight, g.outWidth, g.outChannels]) { out, _ in
        x.scalars.withUnsafeBufferPointer { px in
            k.scalars.withUnsafeBufferPointer { pk in
                (b?.scalars).withUnsafeBufferPointerIfPresent { pb in
                    conv2DForward(g, x: px.baseAddress!, kernel: pk.baseAddress!, bias: pb, activation: activation, y: out)
                }
            }
        }
    }
    let needsInputGradient = x.isRecorded
    return Tensor.recorded(y, inputs: b.map { [x, k, $0] } ?? [x, k]) { gradient in
        let dz = activation == .linear ? gradient : activationGradient(activation, output: y, gradient: gradient)
        let dx: Tensor? = needsInputGradient ? Tensor(shape: x.shape) { out, _ in
            dz.scalars.withUnsafeBufferPointer { pdz in
                k.scalars.withUnsafeBufferPointer { conv2DInputGradient(g, dy: pdz.baseAddress!, kernel: $0.baseAddress!, dx: out) }
            }
        } : nil
        var db = b.map { Tensor(zeros: $0.shape) }
        let dk = Tensor(shape: k.shape) { out, _ in
            x.scalars.withUnsafeBufferPointer { px in
                dz.scalars.withUnsafeBufferPointer { pdz in
                    if db != nil {
                        db!.withUnsafeMutableBufferPointer { pdb in
                            conv2DKernelGradient(g, x: px.baseAddress!, dy: pdz.baseAddress!, dKernel: out, dBias: pdb.baseAddress!, accumulate: false)
                        }
                    } else {
                        conv2DKernelGradient(g, x: px.baseAddress!, dy: pdz.baseAddress!, dKernel: out, dBias: nil, accumulate: false)
                    }
                }
            }
        }
        return b == nil ? [dx, dk] : [dx, dk, db]
    }
}
