import Foundation

/// Polynomial decay of the learning rate, like `keras.optimizers.schedules.PolynomialDecay`:
///
/// lr(step) = (initialLearningRate - endLearningRate)·(1 - s/d)^power + endLearningRate, with s = min(step, d) and
/// d = decaySteps; with `cycle`, s = step and d = decaySteps·⌈step / decaySteps⌉ (1 period at step 0).
public struct PolynomialDecay: LearningRateSchedule {
    /// The rate at step 0.
    public let initialLearningRate: Float
    /// The number of steps to reach `endLearningRate` (> 0).
    public let decaySteps: Int
    /// The rate after `decaySteps` steps.
    public let endLearningRate: Float
    /// The power of the polynomial.
    public let power: Float
    /// Whether to restart the decay every `decaySteps` steps (with periods growing to the next multiple).
    public let cycle: Bool

    /// Creates the schedule with Keras's arguments and defaults.
    ///
    /// - Parameters:
    ///   - initialLearningRate: the rate at step 0.
    ///   - decaySteps: the length of the decay; must be > 0.
    ///   - endLearningRate: the rate reached after `decaySteps`.
    ///   - power: the power of the polynomial (1: linear).
    ///   - cycle: cycle beyond `decaySteps`.
    public init(initialLearningRate: Float, decaySteps: Int, endLearningRate: Float = 0.0001, power: Float = 1,
                cycle: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.endLearningRate = endLearningRate
        self.power = power
        self.cycle = cycle
    }

    /// The rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        var step = Float(step), decaySteps = Float(self.decaySteps)
        if cycle {
            decaySteps *= step == 0 ? 1 : (step / decaySteps).rounded(.up)
        } else {
            step = Swift.min(step, decaySteps)
        }
        let p = step / decaySteps
        return (initialLearningRate - endLearningRate) * Foundation.pow(1 - p, power) + endLearningRate
    }

    /// Keras's config.
    public var config: [String: JSONValue] {
        ["initial_learning_rate": .number(Double(initialLearningRate)), "decay_steps": .number(Double(decaySteps)),
         "end_learning_rate": .number(Double(endLearningRate)), "power": .number(Double(power)), "cycle": .bool(cycle),
         "name": .string("PolynomialDecay")]
    }

    /// Keras's check (decaySteps > 0), a finite power and finite rates >= 0.
    public var argumentProblem: String? {
        if !power.isFinite { return "PolynomialDecay needs a finite power, got \(power)" }
        return decayStepsProblem("PolynomialDecay", decaySteps)
            ?? rateProblem("PolynomialDecay", "initialLearningRate", initialLearningRate)
            ?? rateProblem("PolynomialDecay", "endLearningRate", endLearningRate)
    }

    /// Reads Keras's config.
    init(_ config: ConfigReader) throws {
        self.init(initialLearningRate: try config.float("initial_learning_rate"),
                  decaySteps: try config.int("decay_steps", in: -(1 << 53)...(1 << 53)),
                  endLearningRate: try config.float("end_learning_rate", default: 0.0001),
                  power: try config.float("power", default: 1), cycle: try config.bool("cycle", default: false))
    }
}
