import SIMDKernels

/// Lion, the sign-momentum optimizer found by program search (Chen et al. 2023), in Keras's form:
///
/// w ← w - lr·sign(β₁·m + (1 - β₁)g), then m ← β₂·m + (1 - β₂)g.
///
/// Its steps all have size lr per element, so it wants a learning rate 3-10 times smaller than Adam's.
public final class Lion: SlotOptimizer {
    /// The interpolation between momentum and gradient in the step's direction.
    public let beta1: Float
    /// The decay of the momentum.
    public let beta2: Float

    /// Creates a Lion optimizer with Keras's defaults.
    ///
    /// - Parameters:
    ///   - learningRate: the size of each element's step.
    ///   - beta1: the weight of the momentum in the step's direction, in (0, 1].
    ///   - beta2: the decay of the momentum.
    ///   - clipnorm: clips each gradient to this L2 norm.
    ///   - clipvalue: clips each gradient element to `[-clipvalue, clipvalue]`.
    ///   - globalClipnorm: clips all gradients together to this joint L2 norm.
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.99,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates a Lion optimizer whose learning rate follows a schedule (the other arguments as above).
    public convenience init(learningRate schedule: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.99,
                            clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, beta1: beta1, beta2: beta2, clipnorm: clipnorm, clipvalue: clipvalue,
                  globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "Lion" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { ["momentum"] }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] { ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2))] }

    /// Keras's range for β₁, (0, 1], and β₂ in [0, 1].
    public override var argumentProblem: String? {
        if !(beta1 > 0 && beta1 <= 1) { return "Lion needs beta1 in (0, 1], got \(beta1)" }
        if !(beta2 >= 0 && beta2 <= 1) { return "Lion needs beta2 in [0, 1], got \(beta2)" }
        return nil
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        lionUpdate(weights: weights, gradients: gradients, m: slots[0], count: count, learningRate: learningRate,
                   beta1: beta1, beta2: beta2)
    }
}
