import SIMDKernels

/// RMSprop in Keras's form, with optional momentum and centering:
///
/// v ← ρ·v + (1 - ρ)·g²; centered: a ← ρ·a + (1 - ρ)·g and d = v - a² + ε, else d = v + ε;
/// Δ = lr·g / √d; with momentum μ: m ← μ·m + Δ, w ← w - m; else w ← w - Δ.
public final class RMSprop: SlotOptimizer {
    /// The decay of the squared-gradient average.
    public let rho: Float
    /// The momentum factor (0: none).
    public let momentum: Float
    /// Added inside the square root (Keras: 1e-7).
    public let epsilon: Float
    /// Whether to divide by the variance instead of the second moment.
    public let centered: Bool

    /// Creates an RMSprop optimizer with Keras's defaults (gradient clipping: see `GradientClipping`).
    public init(learningRate: Float = 0.001, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                centered: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an RMSprop optimizer whose learning rate follows a schedule.
    public convenience init(learningRate schedule: any LearningRateSchedule, rho: Float = 0.9, momentum: Float = 0,
                            epsilon: Float = 1e-7, centered: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, rho: rho, momentum: momentum, epsilon: epsilon, centered: centered, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "RMSprop" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] {
        ["velocity"] + (centered ? ["average_gradient"] : []) + (momentum > 0 ? ["momentum"] : [])
    }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        ["rho": .number(Double(rho)), "momentum": .number(Double(momentum)),
         "epsilon": .number(Double(epsilon)), "centered": .bool(centered)]
    }

    /// Keras's ranges: ρ in [0, 1), momentum in [0, 1], ε > 0 and finite.
    public override var argumentProblem: String? {
        if !(rho >= 0 && rho < 1) { return "RMSprop needs rho in [0, 1), got \(rho)" }
        if !(momentum >= 0 && momentum <= 1) { return "RMSprop needs momentum in [0, 1], got \(momentum)" }
        if !(epsilon > 0 && epsilon.isFinite) { return "RMSprop needs a finite epsilon > 0, got \(epsilon)" }
        return nil
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        rmspropUpdate(weights: weights, gradients: gradients, velocity: slots[0],
                      averageGradient: centered ? slots[1] : nil,
                      momentumBuffer: momentum > 0 ? slots.last : nil, count: count,
                      learningRate: learningRate, rho: rho, momentum: momentum, epsilon: epsilon)
    }
}
