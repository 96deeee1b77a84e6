/// Inverse-time decay of the learning rate, like `keras.optimizers.schedules.InverseTimeDecay`:
///
/// lr(step) = initialLearningRate / (1 + decayRate · step / decaySteps), with ⌊step / decaySteps⌋ when `staircase`.
public struct InverseTimeDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// How often the decay is applied (> 0).
    public let decaySteps: Int
    /// The decay rate.
    public let decayRate: Float
    /// Whether the rate drops in whole periods instead of continuously.
    public let staircase: Bool

    /// Creates the schedule with Keras's arguments.
    ///
    /// - Parameters:
    ///   - initialLearningRate: the rate at step 0.
    ///   - decaySteps: how often to apply the decay; must be > 0.
    ///   - decayRate: the decay rate.
    ///   - staircase: decay in whole periods.
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
    }

    /// The rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        initialLearningRate / (1 + decayRate * PeriodicDecay.periods(step, decaySteps: decaySteps, staircase: staircase))
    }

    /// Keras's config.
    public var config: [String: JSONValue] {
        PeriodicDecay.config("InverseTimeDecay", initialLearningRate: initialLearningRate, decaySteps: decaySteps,
                             decayRate: decayRate, staircase: staircase)
    }

    /// Keras's checks: decaySteps > 0; and finite rates >= 0.
    public var argumentProblem: String? {
        PeriodicDecay.argumentProblem("InverseTimeDecay", initialLearningRate: initialLearningRate, decaySteps: decaySteps,
                                      decayRate: decayRate)
    }

    /// Reads Keras's config.
    init(_ config: ConfigReader) throws {
        let a = try PeriodicDecay.arguments(config)
        self.init(initialLearningRate: a.initialLearningRate, decaySteps: a.decaySteps, decayRate: a.decayRate,
                  staircase: a.staircase)
    }
}
