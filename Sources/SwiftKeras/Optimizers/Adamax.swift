import Foundation
import SIMDKernels

/// Adamax, Adam with the infinity norm, in Keras's form (Kingma & Ba 2014, section 7):
///
/// m ← m + (g - m)(1 - β₁), u ← max(β₂·u, |g|), w ← w - lr·m / ((1 - β₁ᵗ)(u + ε)).
public final class Adamax: SlotOptimizer {
    /// The decay of the first moment.
    public let beta1: Float
    /// The decay of the infinity norm.
    public let beta2: Float
    /// Added to the norm for stability (Keras: 1e-7).
    public let epsilon: Float

    /// Creates an Adamax optimizer with Keras's defaults.
    ///
    /// - Parameters:
    ///   - learningRate: the step size.
    ///   - beta1: the decay of the first moment.
    ///   - beta2: the decay of the infinity norm.
    ///   - epsilon: added to the norm.
    ///   - clipnorm: clips each gradient to this L2 norm.
    ///   - clipvalue: clips each gradient element to `[-clipvalue, clipvalue]`.
    ///   - globalClipnorm: clips all gradients together to this joint L2 norm.
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an Adamax optimizer whose learning rate follows a schedule (the other arguments as above).
    public convenience init(learningRate schedule: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-7, clipnorm: Float? = nil, clipvalue: Float? = nil,
                            globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, beta1: beta1, beta2: beta2, epsilon: epsilon, clipnorm: clipnorm, clipvalue: clipvalue,
                  globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "Adamax" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { ["momentum", "norm"] }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)), "epsilon": .number(Double(epsilon))]
    }

    /// β₁ in [0, 1) (β₁ = 1 divides by 1 - β₁ᵗ = 0), β₂ in [0, 1], ε > 0 and finite.
    public override var argumentProblem: String? {
        if !(beta1 >= 0 && beta1 < 1) { return "Adamax needs beta1 in [0, 1), got \(beta1)" }
        if !(beta2 >= 0 && beta2 <= 1) { return "Adamax needs beta2 in [0, 1], got \(beta2)" }
        if !(epsilon > 0 && epsilon.isFinite) { return "Adamax needs a finite epsilon > 0, got \(epsilon)" }
        return nil
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        adamaxUpdate(weights: weights, gradients: gradients, m: slots[0], u: slots[1], count: count,
                     learningRate: learningRate, beta1: beta1, beta2: beta2,
                     firstMomentCorrection: 1 - Foundation.pow(beta1, Float(step)), epsilon: epsilon)
    }
}
