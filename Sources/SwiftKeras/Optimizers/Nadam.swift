import Foundation
import SIMDKernels

/// Nadam: Adam with Nesterov momentum, in Keras 3's form (Dozat 2016, with the momentum schedule
/// u_t = β₁(1 - ½·0.96ᵗ)):
///
/// m ← m + (g - m)(1 - β₁), v ← v + (g² - v)(1 - β₂),
/// m̂ = u_{t+1}·m / (1 - Π_{i≤t+1} uᵢ) + (1 - u_t)·g / (1 - Π_{i≤t} uᵢ), v̂ = v / (1 - β₂ᵗ),
/// w ← w - lr·m̂ / (√v̂ + ε).
public final class Nadam: SlotOptimizer {
    /// The decay of the first moment.
    public let beta1: Float
    /// The decay of the second moment.
    public let beta2: Float
    /// Added to the denominator for stability (Keras: 1e-7).
    public let epsilon: Float
    /// Π_{i≤step} uᵢ for the last step asked (Keras's `_u_product`, recomputed from the step after a restore).
    private var momentumProduct: (step: Int, value: Float) = (0, 1)

    /// Creates a Nadam optimizer with Keras's defaults.
    ///
    /// - Parameters:
    ///   - learningRate: the step size.
    ///   - beta1: the decay of the first moment.
    ///   - beta2: the decay of the second moment.
    ///   - epsilon: added to the denominator.
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

    /// Creates a Nadam optimizer whose learning rate follows a schedule (the other arguments as above).
    public convenience init(learningRate schedule: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999,
                            epsilon: Float = 1e-7, clipnorm: Float? = nil, clipvalue: Float? = nil,
                            globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, beta1: beta1, beta2: beta2, epsilon: epsilon, clipnorm: clipnorm, clipvalue: clipvalue,
                  globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "Nadam" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { ["momentum", "velocity"] }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)), "epsilon": .number(Double(epsilon))]
    }

    /// β₁ and β₂ in [0, 1) (β = 1 divides by zero in the bias corrections), ε > 0 and finite.
    public override var argumentProblem: String? {
        if !(beta1 >= 0 && beta1 < 1) { return "Nadam needs beta1 in [0, 1), got \(beta1)" }
        if !(beta2 >= 0 && beta2 < 1) { return "Nadam needs beta2 in [0, 1), got \(beta2)" }
        if !(epsilon > 0 && epsilon.isFinite) { return "Nadam needs a finite epsilon > 0, got \(epsilon)" }
        return nil
    }

    /// u_t = β₁(1 - ½·0.96ᵗ).
    private func momentumFactor(_ t: Int) -> Float { beta1 * (1 - 0.5 * Foundation.pow(Float(0.96), Float(t))) }

    /// Π_{i≤step} uᵢ, multiplied in Keras's order; carried forward from the previous step.
    private func product(through step: Int) -> Float {
        var (done, value) = momentumProduct.step <= step ? momentumProduct : (0, 1)
        while done < step {
            done += 1
            let next = value * beta1 * (1 - 0.5 * Foundation.pow(Float(0.96), Float(done)))
            if next == value { done = step }   // 0, or a factor that rounds to 1: the product no longer changes
            value = next
        }
        momentumProduct = (step, value)
        return value
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        let productNow = product(through: step)
        let productNext = productNow * momentumFactor(step + 1)
        nadamUpdate(weights: weights, gradients: gradients, m: slots[0], v: slots[1], count: count,
                    learningRate: learningRate, momentumWeight: momentumFactor(step + 1) / (1 - productNext),
                    gradientWeight: (1 - momentumFactor(step)) / (1 - productNow), oneMinusBeta1: 1 - beta1,
                    oneMinusBeta2: 1 - beta2, secondMomentCorrection: 1 - Foundation.pow(beta2, Float(step)),
                    epsilon: epsilon)
    }
}
