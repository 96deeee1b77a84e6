import Foundation
import SIMDKernels

/// Adam, in Keras's form (with optional AMSGrad):
///
/// m ← m + (g - m)(1 - β₁), v ← v + (g² - v)(1 - β₂), α = lr·√(1 - β₂ᵗ) / (1 - β₁ᵗ),
/// w ← w - α·m / (√v + ε)   (AMSGrad uses v̂ = max(v̂, v) in place of v).
public class Adam: SlotOptimizer {
    /// The decay of the first moment.
    public let beta1: Float
    /// The decay of the second moment.
    public let beta2: Float
    /// Added to the denominator for stability (Keras: 1e-7).
    public let epsilon: Float
    /// Whether to use the AMSGrad variant.
    public let amsgrad: Bool

    /// Creates an Adam optimizer with Keras's defaults (gradient clipping: see `GradientClipping`).
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an Adam optimizer whose learning rate follows a schedule.
    public convenience init(learningRate schedule: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-7, amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "Adam" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { amsgrad ? ["momentum", "velocity", "velocity_hat"] : ["momentum", "velocity"] }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)),
         "epsilon": .number(Double(epsilon)), "amsgrad": .bool(amsgrad)]
    }

    /// Keras's ranges: β₁ and β₂ in [0, 1) (β = 1 divides by 1 - βᵗ = 0), ε > 0 and finite.
    public override var argumentProblem: String? {
        if !(beta1 >= 0 && beta1 < 1) { return "\(className) needs beta1 in [0, 1), got \(beta1)" }
        if !(beta2 >= 0 && beta2 < 1) { return "\(className) needs beta2 in [0, 1), got \(beta2)" }
        if !(epsilon > 0 && epsilon.isFinite) { return "\(className) needs a finite epsilon > 0, got \(epsilon)" }
        return nil
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        let t = Float(step)
        let alpha = learningRate * Foundation.sqrt(1 - Foundation.pow(beta2, t)) / (1 - Foundation.pow(beta1, t))
        adamUpdate(weights: weights, gradients: gradients, m: slots[0], v: slots[1],
                   vHat: amsgrad ? slots[2] : nil, count: count, alpha: alpha, beta1: beta1, beta2: beta2,
                   epsilon: epsilon)
    }
}

/// Adam with decoupled weight decay (Keras's AdamW): before each Adam step, w ← w - lr·λ·w.
public final class AdamW: Adam {
    /// The decay rate λ.
    public let weightDecay: Float

    /// Creates an AdamW optimizer with Keras's defaults (gradient clipping: see `GradientClipping`).
    public init(learningRate: Float = 0.001, weightDecay: Float = 0.004, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-7, amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.weightDecay = weightDecay
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an AdamW optimizer whose learning rate (which also scales the decay) follows a schedule.
    public convenience init(learningRate schedule: any LearningRateSchedule, weightDecay: Float = 0.004, beta1: Float = 0.9,
                            beta2: Float = 0.999, epsilon: Float = 1e-7, amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, weightDecay: weightDecay, beta1: beta1, beta2: beta2, epsilon: epsilon, amsgrad: amsgrad,
                  clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "AdamW" }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        super.arguments.merging(["weight_decay": .number(Double(weightDecay))]) { a, _ in a }
    }

    /// Adam's ranges, and a finite weight decay >= 0.
    public override var argumentProblem: String? {
        if !(weightDecay >= 0 && weightDecay.isFinite) { return "AdamW needs a finite weightDecay >= 0, got \(weightDecay)" }
        return super.argumentProblem
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        decayWeights(weights, count: count, factor: learningRate * weightDecay)
        super.update(weights: weights, gradients: gradients, slots: slots, count: count, step: step)
    }
}
