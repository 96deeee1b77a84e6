/// Optimizers of your own that `Sequential.load(from:)` can rebuild from a saved `compile_config`, by class name.
enum OptimizerRegistry {
    nonisolated(unsafe) private static var factories: [String: ([String: JSONValue]) throws -> any Optimizer] = [:]

    static func register(_ className: String, _ make: @escaping ([String: JSONValue]) throws -> any Optimizer) {
        factories[className] = make
    }

    static func factory(named className: String) -> (([String: JSONValue]) throws -> any Optimizer)? { factories[className] }
}

/// Registers an optimizer of your own so that a saved model compiled with it loads back compiled: `make` receives
/// the `"config"` object that your optimizer's `config` wrote under `"config"` (Keras's `from_config`).
///
/// ```swift
/// registerOptimizer(className: "Signum") { config in Signum(learningRate: try config.float("learning_rate")) }
/// ```
public func registerOptimizer(className: String, _ make: @escaping ([String: JSONValue]) throws -> any Optimizer) {
    OptimizerRegistry.register(className, make)
}
