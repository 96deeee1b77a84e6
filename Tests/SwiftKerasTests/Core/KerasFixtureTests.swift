import XCTest
@testable import SwiftKeras

/// Reproduces the numbers real Keras 3.15.1 computed (`../shared/fixtures/keras`), within its README's tolerances.
final class KerasFixtureTests: XCTestCase {
    func testDenseForwardMatchesKerasForEveryActivation() throws {
        let fixture = try Fixtures.load("dense_forward")
        let input = Fixtures.tensor(fixture["input"]), kernel = Fixtures.tensor(fixture["kernel"])
        let bias = Fixtures.tensor(fixture["bias"])
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["activation"] as! String
            let layer = Dense(kernel.shape[1], activation: Activation(rawValue: name)!)
            try layer.build(inputShape: [kernel.shape[0]])
            try layer.kernel!.assign(kernel)
            try layer.bias!.assign(bias)
            assertClose(layer(input), Fixtures.tensor(case_["output"]), name)
        }
    }

    func testLossValuesMatchKeras() throws {
        let fixture = try Fixtures.load("losses")
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["loss"] as! String
            let fromLogits = case_["from_logits"] as? Bool ?? false
            let loss: Loss
            switch name {
            case "mean_squared_error": loss = .meanSquaredError
            case "mean_absolute_error": loss = .meanAbsoluteError
            case "categorical_crossentropy": loss = .categoricalCrossentropy(fromLogits: fromLogits)
            case "sparse_categorical_crossentropy": loss = .sparseCategoricalCrossentropy(fromLogits: fromLogits)
            default: XCTFail("unknown loss \(name)"); continue
            }
            let value = loss(Fixtures.tensor(case_["y_true"]), Fixtures.tensor(case_["y_pred"])).scalar
            assertClose(value, (case_["value"] as! NSNumber).floatValue, "\(name) fromLogits \(fromLogits)")
        }
    }

    func testGradientsOfTwoLayerModelMatchKeras() throws {
        let fixture = try Fixtures.load("gradients")
        let input = Fixtures.tensor(fixture["input"])
        let weights = Fixtures.tensors(fixture["weights"])
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["loss"] as! String
            let model = try twoLayerModel(weights: weights, lastActivation: Activation(rawValue: case_["last_activation"] as! String)!)
            let loss: Loss = name == "mean_squared_error" ? .meanSquaredError
                : name == "categorical_crossentropy" ? .categoricalCrossentropy() : .sparseCategoricalCrossentropy()
            let yTrue = Fixtures.tensor(case_["y_true"])
            let tape = GradientTape()
            let value = tape.record { loss(yTrue, model(input)) }
            let gradients = tape.gradient(of: value, wrt: model.trainableVariables)
            assertClose(value.scalar, (case_["loss_value"] as! NSNumber).floatValue, "\(name) loss")
            for (index, (gradient, expected)) in zip(gradients, Fixtures.tensors(case_["gradients"])).enumerated() {
                assertClose(gradient, expected, relative: 1e-4, absolute: 1e-4, "\(name) gradient \(index)")
            }
        }
    }

    func testEveryOptimizerConfigurationMatchesKerasStepByStep() throws {
        let fixture = try Fixtures.load("optimizers")
        let initial = Fixtures.tensors(fixture["initial"])
        let gradientSets = (fixture["gradients"] as! [Any]).map(Fixtures.tensors)
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["optimizer"] as! String
            let config = case_["config"] as! [String: Any]
            let optimizer = try makeOptimizer(name, config)
            let variables = initial.map { Variable($0) }
            for (step, (gradients, expected)) in zip(gradientSets, (case_["after_each_step"] as! [Any]).map(Fixtures.tensors)).enumerated() {
                optimizer.applyGradients(zip(gradients, variables))
                for (index, (variable, want)) in zip(variables, expected).enumerated() {
                    assertClose(variable.value, want, relative: 1e-4, absolute: 1e-4, "\(name) \(config) step \(step + 1) weight \(index)")
                }
            }
        }
    }

    private func makeOptimizer(_ name: String, _ config: [String: Any]) throws -> any Optimizer {
        func number(_ key: String, _ fallback: Float) -> Float { (config[key] as? NSNumber)?.floatValue ?? fallback }
        func flag(_ key: String) -> Bool { config[key] as? Bool ?? false }
        switch name {
        case "SGD":
            return SGD(learningRate: number("learning_rate", 0.01), momentum: number("momentum", 0), nesterov: flag("nesterov"))
        case "Adam":
            return Adam(learningRate: number("learning_rate", 0.001), beta1: number("beta_1", 0.9),
                        beta2: number("beta_2", 0.999), epsilon: number("epsilon", 1e-7), amsgrad: flag("amsgrad"))
        case "RMSprop":
            return RMSprop(learningRate: number("learning_rate", 0.001), rho: number("rho", 0.9),
                           momentum: number("momentum", 0), epsilon: number("epsilon", 1e-7), centered: flag("centered"))
        case "Adagrad":
            return Adagrad(learningRate: number("learning_rate", 0.001),
                           initialAccumulatorValue: number("initial_accumulator_value", 0.1), epsilon: number("epsilon", 1e-7))
        case "AdamW":
            return AdamW(learningRate: number("learning_rate", 0.001), weightDecay: number("weight_decay", 0.004))
        default:
            throw XCTSkip("no optimizer \(name)")
        }
    }

    func testParameterCountsMatchKeras() throws {
        let fixture = try Fixtures.load("param_counts")
        for (name, count) in fixture {
            let widths = name.split(separator: "-").map { Int($0)! }
            clearSession()
            let model = Sequential([Input(shape: [widths[0]])] + widths.dropFirst().map { Dense($0) })
            XCTAssertEqual(model.countParams(), (count as! NSNumber).intValue, name)
        }
    }

    func testSummariesMatchKerasByteForByte() throws {
        let fixture = try Fixtures.load("summaries")
        for (name, text) in fixture {
            let widths = name.split(separator: " ")[0].split(separator: "-").map { Int($0)! }
            clearSession()
            let model: Sequential
            if name.hasSuffix("flatten") {
                model = Sequential([Flatten(inputShape: [28, 28])] + widths.dropFirst().map { Dense($0, activation: .relu) })
            } else {
                model = Sequential([Input(shape: [widths[0]])] + widths.dropFirst().map { Dense($0, activation: .relu) })
            }
            XCTAssertEqual(model.summaryText(), text as! String, name)
        }
    }
}
