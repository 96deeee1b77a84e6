/// What `ExponentialDecay` and `InverseTimeDecay` share: Keras's four arguments (initial rate, decay steps, decay
/// rate, staircase), the periods elapsed at a step, their config, checks and reading.
enum PeriodicDecay {
    /// `step / decaySteps`, rounded down when `staircase`.
    static func periods(_ step: Int, decaySteps: Int, staircase: Bool) -> Float {
        let p = Float(step) / Float(decaySteps)
        return staircase ? p.rounded(.down) : p
    }

    /// Keras's config of a periodic decay named `className`.
    static func config(_ className: String, initialLearningRate: Float, decaySteps: Int, decayRate: Float,
                       staircase: Bool) -> [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "decay_rate": .number(Double(decayRate)), "staircase": .bool(staircase), "name": .string(className)]
    }

    /// Keras's checks: decaySteps > 0; and finite rates >= 0.
    static func argumentProblem(_ className: String, initialLearningRate: Float, decaySteps: Int,
                                decayRate: Float) -> String? {
        decayStepsProblem(className, decaySteps) ?? rateProblem(className, "initialLearningRate", initialLearningRate)
            ?? rateProblem(className, "decayRate", decayRate)
    }

    /// The four arguments read from Keras's config.
    static func arguments(_ config: ConfigReader) throws
        -> (initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool) {
        (try config.float("initial_learning_rate"), try config.int("decay_steps", in: -(1 << 53)...(1 << 53)),
         try config.float("decay_rate"), try config.bool("staircase", default: false))
    }
}
