import XCTest
@testable import SwiftKeras

/// The new losses against Keras 3 (`toolbox_losses.json`): the reduced value to 1e-5 relative and the gradient
/// with respect to the predictions to 1e-4, as the fixtures' README asks.
final class LossParityTests: XCTestCase {
    private func loss(_ name: String, _ arguments: [String: Any]) -> Loss? {
        switch name {
        case "huber": return .huber(delta: (arguments["delta"] as? NSNumber)?.floatValue ?? 1)
        case "kl_divergence": return .kullbackLeiblerDivergence
        case "hinge": return .hinge
        case "squared_hinge": return .squaredHinge
        case "log_cosh": return .logCosh
        case "mean_squared_logarithmic_error": return .meanSquaredLogarithmicError
        case "mean_absolute_percentage_error": return .meanAbsolutePercentageError
        case "categorical_hinge": return .categoricalHinge
        case "poisson": return .poisson
        default: return nil
        }
    }

    private var cases: [[String: Any]] {
        get throws { try ToolboxFixtures.load("toolbox_losses")["cases"] as! [[String: Any]] }
    }

    func testEveryNewLossHasKerasCases() throws {
        let names = Set(try cases.map { $0["loss"] as! String })
        XCTAssertEqual(names, ["huber", "kl_divergence", "hinge", "squared_hinge", "log_cosh", "mean_squared_logarithmic_error",
                               "mean_absolute_percentage_error", "categorical_hinge", "poisson"])
    }

    func testLossValuesMatchKeras() throws {
        for case_ in try cases {
            let name = case_["loss"] as! String
            let loss = try XCTUnwrap(self.loss(name, case_["arguments"] as! [String: Any]), name)
            let value = loss(Fixtures.tensor(case_["y_true"]), Fixtures.tensor(case_["y_pred"]))
            XCTAssertEqual(value.shape, [], name)
            assertClose(value.scalar, (case_["value"] as! NSNumber).floatValue, relative: 1e-5, absolute: 1e-6, "\(name) \(case_["arguments"]!)")
        }
    }

    func testLossGradientsMatchKeras() throws {
        for case_ in try cases {
            let name = case_["loss"] as! String
            let loss = try XCTUnwrap(self.loss(name, case_["arguments"] as! [String: Any]), name)
            let prediction = Variable(Fixtures.tensor(case_["y_pred"]))
            let tape = GradientTape()
            let value = tape.record { loss(Fixtures.tensor(case_["y_true"]), prediction.value) }
            let gradient = tape.gradient(of: value, wrt: [prediction])[0]
            assertClose(gradient, Fixtures.tensor(case_["gradient"]), relative: 1e-4, absolute: 1e-5, "\(name) gradient")
        }
    }

    func testKerasNamesAndClassNames() {
        XCTAssertEqual(Loss.huber().name, "huber_loss")
        XCTAssertEqual(Loss.kullbackLeiblerDivergence.name, "kl_divergence")
        XCTAssertEqual(Loss.logCosh.name, "log_cosh")
        XCTAssertEqual(CompileConfig.encode(.huber(delta: 0.5)),
                       .object(["module": .string("keras.losses"), "class_name": .string("Huber"), "registered_name": .null,
                                "config": .object(["name": .string("huber_loss"), "reduction": .string("sum_over_batch_size"),
                                                   "delta": .number(0.5)])]))
    }

    /// In `compile`, `evaluate`'s loss is the mean of the loss over the samples: with one batch, the loss of the
    /// model's predictions.
    func testNewLossesWorkInCompileAndEvaluate() throws {
        let x = Tensor(shape: [6, 3], scalars: (0..<18).map { Float(sin(Double($0))) })
        let y = Tensor(shape: [6, 2], scalars: (0..<12).map { Float($0 % 3 == 0 ? 1 : 0) })
        let losses: [Loss] = [.huber(delta: 0.5), .kullbackLeiblerDivergence, .hinge, .squaredHinge, .logCosh,
                              .meanSquaredLogarithmicError, .meanAbsolutePercentageError, .categoricalHinge, .poisson]
        for loss in losses {
            setRandomSeed(3)
            let model = Sequential([Input(shape: [3]), Dense(2, activation: .softmax)])
            model.compile(optimizer: SGD(learningRate: 0.1), loss: loss)
            let prediction = try model.predict(x, verbose: 0)
            let score = try model.evaluate(x, y, batchSize: 6, verbose: 0)["loss"]!
            assertClose(score, loss(y, prediction).scalar, relative: 1e-6, absolute: 1e-7, loss.name)
            let history = try model.fit(x, y, epochs: 3, batchSize: 6, verbose: 0)
            XCTAssertLessThan(history.history["loss"]![2], history.history["loss"]![0], "\(loss.name) decreases under SGD")
        }
    }
}
