import Foundation
import XCTest
@testable import SwiftKeras

/// The toolbox's Keras fixtures, committed in `Tests/Fixtures/keras` (written by `Tests/Fixtures/generate.py`
/// through `toolbox_optimizers.py` and `toolbox_losses_metrics.py`), found from this file's path.
enum ToolboxFixtures {
    /// The parsed JSON of `Tests/Fixtures/keras/<name>.json`.
    static func load(_ name: String) throws -> [String: Any] {
        let url = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/keras/\(name).json")
        let data = try XCTUnwrap(try? Data(contentsOf: url), "missing fixture \(url.path)")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The schedule a fixture case names, built with the Swift initializer from Keras's arguments.
    static func schedule(_ name: String, _ config: [String: Any]) throws -> any LearningRateSchedule {
        func number(_ key: String, _ fallback: Float? = nil) throws -> Float {
            if let value = config[key] as? NSNumber { return value.floatValue }
            return try XCTUnwrap(fallback, "\(name) needs \(key)")
        }
        let initial = try number("initial_learning_rate", 0), steps = (config["decay_steps"] as? NSNumber)?.intValue ?? 0
        let staircase = config["staircase"] as? Bool ?? false
        switch name {
        case "ExponentialDecay":
            return ExponentialDecay(initialLearningRate: initial, decaySteps: steps, decayRate: try number("decay_rate"),
                                    staircase: staircase)
        case "InverseTimeDecay":
            return InverseTimeDecay(initialLearningRate: initial, decaySteps: steps, decayRate: try number("decay_rate"),
                                    staircase: staircase)
        case "PiecewiseConstantDecay":
            return PiecewiseConstantDecay(boundaries: (config["boundaries"] as! [NSNumber]).map(\.intValue),
                                          values: (config["values"] as! [NSNumber]).map(\.floatValue))
        case "CosineDecay":
            return CosineDecay(initialLearningRate: initial, decaySteps: steps, alpha: try number("alpha", 0),
                               warmupTarget: (config["warmup_target"] as? NSNumber)?.floatValue,
                               warmupSteps: (config["warmup_steps"] as? NSNumber)?.intValue ?? 0)
        case "PolynomialDecay":
            return PolynomialDecay(initialLearningRate: initial, decaySteps: steps,
                                   endLearningRate: try number("end_learning_rate", 0.0001), power: try number("power", 1),
                                   cycle: config["cycle"] as? Bool ?? false)
        default:
            throw XCTSkip("no schedule \(name)")
        }
    }

    /// The optimizer a fixture case names, built with the Swift initializer from Keras's arguments (clipping
    /// included).
    static func optimizer(_ name: String, _ config: [String: Any]) throws -> SlotOptimizer {
        func number(_ key: String, _ fallback: Float) -> Float { (config[key] as? NSNumber)?.floatValue ?? fallback }
        func optional(_ key: String) -> Float? { (config[key] as? NSNumber)?.floatValue }
        let clipnorm = optional("clipnorm"), clipvalue = optional("clipvalue"), globalClipnorm = optional("global_clipnorm")
        switch name {
        case "SGD":
            return SGD(learningRate: number("learning_rate", 0.01), momentum: number("momentum", 0),
                       nesterov: config["nesterov"] as? Bool ?? false,
                       clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "Adam":
            return Adam(learningRate: number("learning_rate", 0.001), beta1: number("beta_1", 0.9),
                        beta2: number("beta_2", 0.999), epsilon: number("epsilon", 1e-7),
                        clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "AdamW":
            return AdamW(learningRate: number("learning_rate", 0.001), weightDecay: number("weight_decay", 0.004),
                         clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "RMSprop":
            return RMSprop(learningRate: number("learning_rate", 0.001), rho: number("rho", 0.9),
                           clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "Nadam":
            return Nadam(learningRate: number("learning_rate", 0.001), beta1: number("beta_1", 0.9),
                         beta2: number("beta_2", 0.999), epsilon: number("epsilon", 1e-7),
                         clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "Adamax":
            return Adamax(learningRate: number("learning_rate", 0.001), beta1: number("beta_1", 0.9),
                          beta2: number("beta_2", 0.999), epsilon: number("epsilon", 1e-7),
                          clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "Adadelta":
            return Adadelta(learningRate: number("learning_rate", 0.001), rho: number("rho", 0.95),
                            epsilon: number("epsilon", 1e-7),
                            clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        case "Lion":
            return Lion(learningRate: number("learning_rate", 0.001), beta1: number("beta_1", 0.9),
                        beta2: number("beta_2", 0.99), clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        default:
            throw XCTSkip("no optimizer \(name)")
        }
    }

    /// A tensor, or nil for JSON null.
    static func optionalTensor(_ object: Any?) -> Tensor? {
        object is NSNull || object == nil ? nil : Fixtures.tensor(object)
    }
}
