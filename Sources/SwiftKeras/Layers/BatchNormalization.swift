import SIMDKernels

/// Normalizes each channel (the last axis), like `keras.layers.BatchNormalization`:
/// `y = gamma · (x − mean) / √(variance + epsilon) + beta`.
///
/// In training (`fit`, or `model(x, training: true)`) it uses the batch's mean and biased variance over every
/// axis but the last, and moves the stored statistics toward them:
/// `moving = momentum · moving + (1 − momentum) · batch statistic`. In inference it uses the moving statistics.
/// `gamma` and `beta` train; `movingMean` and `movingVariance` do not (they count as non-trainable parameters).
public final class BatchNormalization: Layer {
    /// How much of the moving statistics each training batch keeps.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float
    /// The layer's name (`batch_normalization`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?
    /// The per-channel scale, trained (nil until built).
    public private(set) var gamma: Variable?
    /// The per-channel offset, trained (nil until built).
    public private(set) var beta: Variable?
    /// The moving mean, not trained (nil until built).
    public private(set) var movingMean: Variable?
    /// The moving variance, not trained (nil until built).
    public private(set) var movingVariance: Variable?

    /// Creates a batch-normalization layer with Keras's defaults.
    public init(momentum: Float = 0.99, epsilon: Float = 0.001, name: String? = nil) {
        self.momentum = momentum
        self.epsilon = epsilon
        self.name = name ?? LayerNames.unique("batch_normalization")
    }

    /// Rebuilds a layer from its saved config.
    public convenience init(config: [String: JSONValue]) throws {
        self.init(momentum: try config.float("momentum", default: 0.99), epsilon: try config.float("epsilon", default: 0.001),
                  name: try config.string("name"))
    }

    /// Whether the weights exist.
    public var isBuilt: Bool { gamma != nil }

    /// gamma, beta, moving mean, moving variance (Keras's order).
    public var weights: [Variable] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }

    /// Creates gamma (ones), beta (zeros), the moving mean (zeros) and variance (ones) for the last axis.
    public func build(inputShape: [Int]) throws {
        guard let channels = inputShape.last, channels > 0 else {
            throw SwiftKerasError.shapeMismatch("\(name) (BatchNormalization) needs samples with a last axis, got \(inputShape)")
        }
        guard momentum >= 0, momentum <= 1, epsilon > 0, epsilon.isFinite else {
            throw SwiftKerasError.invalidArgument(
                "\(name) (BatchNormalization) needs momentum in [0, 1] and a positive epsilon, got \(momentum) and \(epsilon)")
        }
        gamma = Variable(Tensor(ones: [channels]), name: "\(name)/gamma")
        beta = Variable(Tensor(zeros: [channels]), name: "\(name)/beta")
        movingMean = Variable(Tensor(zeros: [channels]), name: "\(name)/moving_mean", trainable: false)
        movingVariance = Variable(Tensor(ones: [channels]), name: "\(name)/moving_variance", trainable: false)
        self.inputShape = inputShape
    }

    /// The normalized input; in training also updates the moving statistics.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        buildIfNeeded(for: input)
        guard let gamma, let beta, let movingMean, let movingVariance else {
            requirementFailure("\(name) is used before it is built")
        }
        let channels = gamma.shape[0]
        require(input.shape.last == channels, "\(name) expects inputs with last axis \(channels), got shape \(input.shape)")
        let rows = input.count / channels
        var mean = movingMean.storedValue, variance = movingVariance.storedValue
        if training {
            mean = Tensor(shape: [channels]) { m, _ in
                variance = Tensor(shape: [channels]) { v, _ in
                    input.scalars.withUnsafeBufferPointer { batchNormStatistics(x: $0.baseAddress!, rows: rows, channels: channels, mean: m, variance: v) }
                }
            }
            let keep = momentum, take = 1 - momentum
            movingMean.storedValue = movingMean.storedValue * keep + mean * take
            movingVariance.storedValue = movingVariance.storedValue * keep + variance * take
        }
        return normalization(input, gamma.value, beta.value, mean: mean, variance: variance, epsilon: epsilon, training: training)
    }

    /// No weights besides 4 per channel.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { inputShape.last.map { 4 * $0 } }

    /// Keras's `BatchNormalization.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["axis": .number(-1), "momentum": .number(Double(momentum)), "epsilon": .number(Double(epsilon)),
                    "center": .bool(true), "scale": .bool(true),
                    "beta_initializer": Initializer.zeros.config, "gamma_initializer": Initializer.ones.config,
                    "moving_mean_initializer": Initializer.zeros.config, "moving_variance_initializer": Initializer.ones.config,
                    "beta_regularizer": .null, "gamma_regularizer": .null, "beta_constraint": .null, "gamma_constraint": .null,
                    "synchronized": .bool(false)])
    }
}

/// y = gamma·(x − mean)/√(variance + ε) + beta over the last axis, as one recorded operation. With `training`, mean
/// and variance are the batch's own, so the input gradient goes through them too.
func normalization(_ x: Tensor, _ gamma: Tensor, _ beta: Tensor, mean: Tensor, variance: Tensor, epsilon: Float,
                   training: Bool) -> Tensor {
    let channels = gamma.count, rows = x.count / Swift.max(channels, 1)
    let y = Tensor(shape: x.shape) { out, _ in
        x.scalars.withUnsafeBufferPointer { px in
            mean.scalars.withUnsafeBufferPointer { pm in
                variance.scalars.withUnsafeBufferPointer { pv in
                    gamma.scalars.withUnsafeBufferPointer { pg in
                        beta.scalars.withUnsafeBufferPointer { pb in
                            batchNormForward(x: px.baseAddress!, rows: rows, channels: channels, mean: pm.baseAddress!,
                                             variance: pv.baseAddress!, gamma: pg.baseAddress!, beta: pb.baseAddress!,
                                             epsilon: epsilon, y: out)
                        }
                    }
                }
            }
        }
    }
    let needsInputGradient = x.isRecorded
    return Tensor.recorded(y, inputs: [x, gamma, beta]) { dy in
        var dx: Tensor? = needsInputGradient ? Tensor(zeros: x.shape) : nil
        var dGamma = Tensor(zeros: [channels]), dBeta = Tensor(zeros: [channels])
        x.scalars.withUnsafeBufferPointer { px in
            dy.scalars.withUnsafeBufferPointer { pdy in
                mean.scalars.withUnsafeBufferPointer { pm in
                    variance.scalars.withUnsafeBufferPointer { pv in
                        gamma.scalars.withUnsafeBufferPointer { pg in
                            dGamma.withUnsafeMutableBufferPointer { pdg in
                                dBeta.withUnsafeMutableBufferPointer { pdb in
                                    func run(_ pdx: UnsafeMutablePointer<Float>?) {
                                        batchNormBackward(x: px.baseAddress!, dy: pdy.baseAddress!, rows: rows, channels: channels,
                                                          mean: pm.baseAddress!, variance: pv.baseAddress!, gamma: pg.baseAddress!,
                                                          epsilon: epsilon, training: training, dx: pdx,
                                                          dGamma: pdg.baseAddress!, dBeta: pdb.baseAddress!)
                                    }
                                    if dx != nil { dx!.withUnsafeMutableBufferPointer { run($0.baseAddress!) } } else { run(nil) }
                                }
                            }
                        }
                    }
                }
            }
        }
        return [dx, dGamma, dBeta]
    }
}
