import SIMDKernels

/// Adadelta in Keras's form (Zeiler 2012), with Keras's learning rate multiplying the step:
///
/// E[g²] ← ρ·E[g²] + (1 - ρ)g², Δ = -√(E[Δ²] + ε)·g / √(E[g²] + ε), E[Δ²] ← ρ·E[Δ²] + (1 - ρ)Δ², w ← w + lr·Δ.
public final class Adadelta: SlotOptimizer {
    /// The decay of the running averages.
    public let rho: Float
    /// Added inside the square roots (Keras: 1e-7).
    public let epsilon: Float

    /// Creates an Adadelta optimizer with Keras's defaults.
    ///
    /// - Parameters:
    ///   - learningRate: the factor on each step (Keras's default 0.001; the original paper uses 1).
    ///   - rho: the decay of the running averages.
    ///   - epsilon: added inside the square roots.
    ///   - clipnorm: clips each gradient to this L2 norm.
    ///   - clipvalue: clips each gradient element to `[-clipvalue, clipvalue]`.
    ///   - globalClipnorm: clips all gradients together to this joint L2 norm.
    public init(learningRate: Float = 0.001, rho: Float = 0.95, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an Adadelta optimizer whose learning rate follows a schedule (the other arguments as above).
    public convenience init(learningRate schedule: any LearningRateSchedule, rho: Float = 0.95, epsilon: Float = 1e-7,
                            clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, rho: rho, epsilon: epsilon, clipnorm: clipnorm, clipvalue: clipvalue,
                  globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "Adadelta" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { ["accumulated_grad", "accumulated_delta_var"] }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] { ["rho": .number(Double(rho)), "epsilon": .number(Double(epsilon))] }

    /// ρ in [0, 1], ε > 0 and finite (so that both square roots are positive).
    public override var argumentProblem: String? {
        if !(rho >= 0 && rho <= 1) { return "Adadelta needs rho in [0, 1], got \(rho)" }
        if !(epsilon > 0 && epsilon.isFinite) { return "Adadelta needs a finite epsilon > 0, got \(epsilon)" }
        return nil
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        adadeltaUpdate(weights: weights, gradients: gradients, accumulatedGradient: slots[0], accumulatedDelta: slots[1],
                       count: count, learningRate: learningRate, rho: rho, epsilon: epsilon)
    }
}
