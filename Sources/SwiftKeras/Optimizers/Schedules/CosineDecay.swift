import Foundation

/// Cosine decay of the learning rate with an optional linear warmup, like `keras.optimizers.schedules.CosineDecay`
/// (Loshchilov & Hutter's SGDR without restarts).
///
/// Without `warmupTarget`: lr(step) = initialLearningRate · ((1 - α)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + α).
/// With it: for step < warmupSteps, lr rises linearly from `initialLearningRate` to `warmupTarget`,
/// lr = initialLearningRate + (warmupTarget - initialLearningRate)·step/warmupSteps; afterwards the cosine decay
/// runs from `warmupTarget` over `decaySteps` steps, counted from the end of the warmup.
public struct CosineDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps of the cosine decay (> 0).
    public let decaySteps: Int
    /// The final rate as a fraction of the decay's starting rate.
    public let alpha: Float
    /// The rate the warmup reaches, or nil for no warmup.
    public let warmupTarget: Float?
    /// The number of warmup steps.
    public let warmupSteps: Int

    /// Creates the schedule with Keras's arguments and defaults.
    ///
    /// - Parameters:
    ///   - initialLearningRate: the rate at step 0.
    ///   - decaySteps: the length of the cosine decay; must be > 0.
    ///   - alpha: the final rate as a fraction of the decay's starting rate.
    ///   - warmupTarget: the rate at the end of the warmup (nil: no warmup; the decay starts from
    ///     `initialLearningRate`).
    ///   - warmupSteps: the length of the warmup.
    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil,
                warmupSteps: Int = 0) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.alpha = alpha
        self.warmupTarget = warmupTarget
        self.warmupSteps = warmupSteps
    }

    /// The rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        let decaySteps = Float(self.decaySteps)
        guard let warmupTarget else {
            return decayed(from: initialLearningRate, Swift.min(Float(step), decaySteps), decaySteps)
        }
        let warmupSteps = Float(self.warmupSteps)
        let step = Swift.min(Float(step), decaySteps + warmupSteps)
        if step < warmupSteps {
            return (warmupTarget - initialLearningRate) * (step / warmupSteps) + initialLearningRate
        }
        return decayed(from: warmupTarget, step - warmupSteps, decaySteps)
    }

    private func decayed(from rate: Float, _ step: Float, _ decaySteps: Float) -> Float {
        let cosine = 0.5 * (1 + Foundation.cos(Float.pi * (step / decaySteps)))
        return rate * ((1 - alpha) * cosine + alpha)
    }

    /// Keras's config.
    public var config: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "alpha": .number(Double(alpha)), "name": .string("CosineDecay"),
         "warmup_target": warmupTarget.map { .number(Double($0)) } ?? .null, "warmup_steps": .number(Double(warmupSteps))]
    }

    /// Keras's check (decaySteps > 0), warmupSteps >= 0 and finite rates >= 0.
    public var argumentProblem: String? {
        if warmupSteps < 0 { return "CosineDecay needs warmupSteps >= 0, got \(warmupSteps)" }
        return decayStepsProblem("CosineDecay", decaySteps) ?? rateProblem("CosineDecay", "initialLearningRate", initialLearningRate)
            ?? rateProblem("CosineDecay", "alpha", alpha) ?? rateProblem("CosineDecay", "warmupTarget", warmupTarget)
    }

    /// Reads Keras's config.
    init(_ config: ConfigReader) throws {
        self.init(initialLearningRate: try config.float("initial_learning_rate"),
                  decaySteps: try config.int("decay_steps", in: -(1 << 53)...(1 << 53)),
                  alpha: try config.float("alpha", default: 0), warmupTarget: try config.optionalMember("warmup_target")?.float(),
                  warmupSteps: try config.optionalMember("warmup_steps")?.int(in: -(1 << 53)...(1 << 53)) ?? 0)
    }
}
