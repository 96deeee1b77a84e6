import Foundation

/// Exponential decay of the learning rate, like `keras.optimizers.schedules.ExponentialDecay`:
///
/// lr(step) = initialLearningRate · decayRate^(step / decaySteps), with ⌊step / decaySteps⌋ when `staircase`.
public struct ExponentialDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps over which the rate is multiplied by `decayRate` once (> 0).
    public let decaySteps: Int
    /// The factor applied every `decaySteps` steps.
    public let decayRate: Float
    /// Whether the rate drops in whole periods (integer division) instead of continuously.
    public let staircase: Bool

    /// Creates the schedule with Keras's arguments.
    ///
    /// - Parameters:
    ///   - initialLearningRate: the rate at step 0.
    ///   - decaySteps: the period of one `decayRate` factor; must be > 0.
    ///   - decayRate: the factor per period.
    ///   - staircase: decay in whole periods.
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
    }

    /// The rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        initialLearningRate * Foundation.pow(decayRate, PeriodicDecay.periods(step, decaySteps: decaySteps, staircase: staircase))
    }

    /// Keras's config.
    public var config: [String: JSONValue] {
        PeriodicDecay.config("ExponentialDecay", initialLearningRate: initialLearningRate, decaySteps: decaySteps,
                             decayRate: decayRate, staircase: staircase)
    }

    /// Keras's checks: decaySteps > 0; and finite rates >= 0.
    public var argumentProblem: String? {
        PeriodicDecay.argumentProblem("ExponentialDecay", initialLearningRate: initialLearningRate, decaySteps: decaySteps,
                                      decayRate: decayRate)
    }

    /// Reads Keras's config.
    init(_ config: ConfigReader) throws {
        let a = try PeriodicDecay.arguments(config)
        self.init(initialLearningRate: a.initialLearningRate, decaySteps: a.decaySteps, decayRate: a.decayRate,
                  staircase: a.staircase)
    }
}
