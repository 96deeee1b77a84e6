import SIMDKernels

/// Stochastic gradient descent, with optional momentum and Nesterov momentum (Keras 3's update rule).
///
/// Without momentum: w ← w - lr·g. With momentum μ: v ← μ·v - lr·g, then w ← w + v
/// (Nesterov: w ← w + μ·v - lr·g). Plain SGD is the μ = 0 case of the same update.
public final class SGD: SlotOptimizer {
    /// The momentum factor μ (0 for plain SGD).
    public let momentum: Float
    /// Whether to use Nesterov momentum.
    public let nesterov: Bool

    /// Creates an SGD optimizer with Keras's defaults (gradient clipping: see `GradientClipping`).
    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an SGD optimizer whose learning rate follows a schedule.
    public convenience init(learningRate schedule: any LearningRateSchedule, momentum: Float = 0, nesterov: Bool = false,
                            clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, momentum: momentum, nesterov: nesterov, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "SGD" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { momentum > 0 ? ["momentum"] : [] }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        ["momentum": .number(Double(momentum)), "nesterov": .bool(nesterov)]
    }

    /// Keras's range: momentum in [0, 1].
    public override var argumentProblem: String? {
        momentum >= 0 && momentum <= 1 ? nil : "SGD needs momentum in [0, 1], got \(momentum)"
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        sgdUpdate(weights: weights, gradients: gradients, velocity: slots.first, count: count,
                  learningRate: learningRate, momentum: momentum, nesterov: nesterov)
    }
}
