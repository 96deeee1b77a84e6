import SwiftKeras
import XCTest

/// An optimizer written outside the library: w -= learningRate · sign(g).
final class SignDescent: Optimizer {
    var learningRate: Float
    private(set) var iterations = 0
    init(learningRate: Float) { self.learningRate = learningRate }
    func applyGradients<Pairs: Sequence>(_ gradientsAndVariables: Pairs) where Pairs.Element == (Tensor, Variable) {
        iterations += 1
        for (gradient, variable) in gradientsAndVariables {
            variable.value = variable.value - Tensor(shape: gradient.shape, scalars: gradient.scalars.map { $0 > 0 ? learningRate : $0 < 0 ? -learningRate : 0 })
        }
    }
    var config: [String: JSONValue] {
        ["class_name": .string("SignDescent"), "config": .object(["learning_rate": .number(Double(learningRate))])]
    }
}

/// A user's loss and optimizer, registered by name, are saved with the model and restored by `load`.
final class RegistrationTests: XCTestCase {
    func testRegisteredLossAndOptimizerRoundTrip() throws {
        let squaredErrorSum = registerLoss("squared_error_sum") { yTrue, yPred in (yPred - yTrue).squared().sum(axis: -1).mean() }
        registerOptimizer(className: "SignDescent") { config in SignDescent(learningRate: try config.float("learning_rate")) }
        setRandomSeed(8)
        let model = Sequential([Input(shape: [2]), Dense(3)])
        model.compile(optimizer: SignDescent(learningRate: 0.125), loss: squaredErrorSum)
        let x = Tensor([[1, 2], [3, -1]]), y = Tensor([[0, 1, 0], [1, 0, 0]])
        let expected = (model(x) - y).squared().sum(axis: -1).mean().scalar
        XCTAssertEqual(try model.evaluate(x, y, verbose: 0)["loss"]!, expected, accuracy: 1e-6)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("registered-\(UUID().uuidString).swiftkeras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let restored = try Sequential.load(from: path)
        let optimizer = try XCTUnwrap(restored.optimizer as? SignDescent)
        XCTAssertEqual(optimizer.learningRate, 0.125)
        XCTAssertEqual(restored.loss?.name, "squared_error_sum")
        XCTAssertEqual(try restored.evaluate(x, y, verbose: 0)["loss"]!, expected, accuracy: 1e-6)
    }
}
