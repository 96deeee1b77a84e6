/// A learning rate that changes with the optimizer's step, like `keras.optimizers.schedules.LearningRateSchedule`.
///
/// Pass one as any built-in optimizer's learning rate; the optimizer reads it at its step counter
/// (`iterations`: 0 for the first update, as Keras does):
/// ```swift
/// let optimizer = Adam(learningRate: ExponentialDecay(initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9))
/// ```
/// A schedule of your own conforms to this protocol; `registerLearningRateSchedule(className:_:)` lets a saved
/// model that uses it load back.
public protocol LearningRateSchedule {
    /// Keras's class name (by default the type's name), stored in saved files.
    var className: String { get }
    /// The learning rate at `step` (the optimizer's `iterations` before the update), computed in float32 as Keras
    /// does.
    func callAsFunction(_ step: Int) -> Float
    /// Keras's `get_config()`: the arguments by their Keras names.
    var config: [String: JSONValue] { get }
    /// What is wrong with the arguments, if anything (Keras raises in the constructor; initializers here cannot
    /// throw, so `compile` and `fit` throw it).
    var argumentProblem: String? { get }
}

extension LearningRateSchedule {
    /// The type's name, which is Keras's class name for the built-in schedules.
    public var className: String { String(describing: Self.self) }
    /// No problem.
    public var argumentProblem: String? { nil }
}

/// Keras's serialized schedule: `{"module": "keras.optimizers.schedules", "class_name": ..., "config": {...}}`.
func serializedSchedule(_ schedule: any LearningRateSchedule) -> JSONValue {
    .object(["module": .string("keras.optimizers.schedules"), "class_name": .string(schedule.className),
             "config": .object(schedule.config), "registered_name": .null])
}

/// The schedules a saved optimizer config can name: the built-in ones and those registered by the user.
enum LearningRateScheduleRegistry {
    nonisolated(unsafe) private static var factories: [String: ([String: JSONValue]) throws -> any LearningRateSchedule] = [:]

    static func register(_ className: String, _ make: @escaping ([String: JSONValue]) throws -> any LearningRateSchedule) {
        factories[className] = make
    }

    /// The schedule in Keras's serialized form.
    static func decode(_ reader: ConfigReader) throws -> any LearningRateSchedule {
        let className = try reader.string("class_name")
        let config = try reader.member("config")
        let schedule: any LearningRateSchedule
        switch className {
        case "ExponentialDecay": schedule = try ExponentialDecay(config)
        case "PiecewiseConstantDecay": schedule = try PiecewiseConstantDecay(config)
        case "CosineDecay": schedule = try CosineDecay(config)
        case "InverseTimeDecay": schedule = try InverseTimeDecay(config)
        case "PolynomialDecay": schedule = try PolynomialDecay(config)
        default:
            guard let make = factories[className] else {
                throw reader.failure("unknown learning-rate schedule \(className) (built-in: ExponentialDecay, PiecewiseConstantDecay, CosineDecay, InverseTimeDecay, PolynomialDecay; register your own with registerLearningRateSchedule(className:_:))")
            }
            guard let arguments = config.value.objectValue else { throw config.failure("expected a JSON object") }
            do { schedule = try make(arguments) } catch let error as SwiftKerasError {
                throw config.failure("\(className): \(error.message)")
            }
        }
        if let problem = schedule.argumentProblem { throw config.failure(problem) }
        return schedule
    }
}

/// Registers a learning-rate schedule of your own so that a saved model whose optimizer uses it loads back
/// compiled: `make` receives the object your schedule's `config` wrote (Keras's `from_config`).
///
/// ```swift
/// registerLearningRateSchedule(className: "HalvingSchedule") { config in HalvingSchedule(config) }
/// ```
public func registerLearningRateSchedule(className: String,
                                         _ make: @escaping ([String: JSONValue]) throws -> any LearningRateSchedule) {
    LearningRateScheduleRegistry.register(className, make)
}

/// The problem with a schedule's `decaySteps`, if any (Keras: "Argument `decay_steps` must be > 0").
func decayStepsProblem(_ className: String, _ decaySteps: Int) -> String? {
    decaySteps > 0 ? nil : "\(className) needs decaySteps > 0, got \(decaySteps)"
}

/// The problem with a schedule's rate argument, if any: it must be finite and >= 0.
func rateProblem(_ className: String, _ name: String, _ value: Float?) -> String? {
    guard let value, !(value.isFinite && value >= 0) else { return nil }
    return "\(className) needs a finite \(name) >= 0, got \(value)"
}
