import Foundation
import SIMDKernels

/// A densely connected layer: `output = activation(input · kernel + bias)`.
///
/// - Input shape: `[batch, inputDim]` (a higher-rank input is applied along its last axis).
/// - Output shape: `[batch, units]`.
/// - Weights: `kernel` of shape `[inputDim, units]` (Keras's layout) and `bias` of shape `[units]`.
///
/// ```swift
/// let layer = Dense(128, activation: .relu, inputShape: [784])
/// ```
public final class Dense: Layer {
    /// The number of output units.
    public let units: Int
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias vector.
    public let useBias: Bool
    /// How the kernel is initialized.
    public let kernelInitializer: Initializer
    /// How the bias is initialized.
    public let biasInitializer: Initializer
    /// The layer's name (`dense`, `dense_1`, ...).
    public var name: String
    /// The per-sample input shape given at construction, if any.
    public let declaredInputShape: [Int]?
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?
    /// The `[inputDim, units]` weight matrix (nil until the layer is built).
    public private(set) var kernel: Variable?
    /// The `[units]` bias vector (nil until built, or when `useBias` is false).
    public private(set) var bias: Variable?

    /// Keras's class name.
    public static var className: String { "Dense" }

    /// Creates a dense layer.
    ///
    /// - Parameters:
    ///   - units: the output width.
    ///   - activation: applied element-wise (softmax: over the last axis); `.linear` by default.
    ///   - useBias: whether to add a bias.
    ///   - kernelInitializer: `.glorotUniform` by default, as Keras.
    ///   - biasInitializer: `.zeros` by default.
    ///   - inputShape: the per-sample input shape, when this is a model's first layer.
    ///   - name: the layer name; automatic (`dense`, `dense_1`, ...) when nil.
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                inputShape: [Int]? = nil, name: String? = nil) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("dense")
    }

    /// Rebuilds a layer from its saved config (`units`, `activation`, `use_bias`, the initializers, `name`).
    public convenience init(config: [String: JSONValue]) throws {
        self.init(try config.int("units", in: 1...Int(Int32.max)), activation: try config.activation(),
                  useBias: try config.bool("use_bias", default: true),
                  kernelInitializer: try config.initializer("kernel_initializer", default: .glorotUniform),
                  biasInitializer: try config.initializer("bias_initializer", default: .zeros),
                  name: try config.string("name"))
    }

    /// Whether the kernel exists.
    public var isBuilt: Bool { kernel != nil }

    /// The kernel, then the bias.
    public var weights: [Variable] { [kernel, bias].compactMap { $0 } }

    /// Creates `kernel` `[inputDim, units]` and `bias` `[units]` with the layer's initializers.
    public func build(inputShape: [Int]) throws {
        guard let inputDim = inputShape.last, inputDim > 0 else {
            throw SwiftKerasError.shapeMismatch("\(name) (Dense) needs an input with a last axis, got \(inputShape)")
        }
        guard units > 0 else { throw SwiftKerasError.invalidArgument("\(name) (Dense) needs units >= 1, got \(units)") }
        try kernelInitializer.validate("\(name) (Dense) kernelInitializer")
        try biasInitializer.validate("\(name) (Dense) biasInitializer")
        var generator = SeededGenerator(seed: GlobalRandom.nextSeed())
        kernel = Variable(kernelInitializer(shape: [inputDim, units], generator: &generator), name: "\(name)/kernel")
        if useBias {
            bias = Variable(biasInitializer(shape: [units], generator: &generator), name: "\(name)/bias")
        }
        self.inputShape = inputShape
    }

    /// activation(input · kernel + bias), recorded as one fused operation; `training` makes no difference.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        buildIfNeeded(for: input)
        guard let kernel else { requirementFailure("\(name) is used before it is built") }
        let inputDim = kernel.shape[0]
        require(input.shape.last == inputDim,
                     "\(name) expects inputs with last axis \(inputDim), got shape \(input.shape)")
        if input.rank != 2 {
            let flat = input.reshaped(to: [-1, inputDim])
            return self(flat, training: training).reshaped(to: Array(input.shape.dropLast()) + [units])
        }
        // Softmax and sigmoid run after the product so that their outputs keep the logits for a cross-entropy.
        switch activation {
        case .softmax: return softmax(denseProduct(input, kernel.value, bias?.value, .linear))
        case .sigmoid: return sigmoid(denseProduct(input, kernel.value, bias?.value, .linear))
        default: return denseProduct(input, kernel.value, bias?.value, activation.kernel ?? .linear)
        }
    }

    /// `[..., units]`.
    public func computeOutputShape(inputShape: [Int]) -> [Int] { Array(inputShape.dropLast()) + [units] }

    /// inputDim × units (+ units with a bias), checked for overflow.
    public func plannedWeightCount(inputShape: [Int]) -> Int? {
        guard let inputDim = inputShape.last else { return nil }
        let (kernel, kernelOverflow) = inputDim.multipliedReportingOverflow(by: units)
        let (total, totalOverflow) = kernel.addingReportingOverflow(useBias ? units : 0)
        return kernelOverflow || totalOverflow ? Int.max : total
    }

    /// Keras's `Dense.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["units": .number(Double(units)), "activation": .string(activation.rawValue),
                    "use_bias": .bool(useBias), "kernel_initializer": kernelInitializer.config,
                    "bias_initializer": biasInitializer.config])
    }
}
