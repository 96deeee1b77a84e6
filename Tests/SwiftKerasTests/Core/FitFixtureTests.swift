import XCTest
@testable import SwiftKeras

/// Whole `fit` runs against Keras's histories, final weights, `evaluate` and `predict` (tolerance 1e-3).
final class FitFixtureTests: XCTestCase {
    func testFitHistoriesWeightsEvaluateAndPredictMatchKeras() throws {
        let fixture = try Fixtures.load("fit")
        let x = Fixtures.tensor(fixture["x"]), y = Fixtures.tensor(fixture["y"])
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["optimizer"] as! String
            let config = case_["config"] as! [String: Any]
            let rate = (config["learning_rate"] as? NSNumber)?.floatValue
            let optimizer: any Optimizer = name == "SGD" ? SGD(learningRate: rate ?? 0.01)
                : name == "Adam" ? Adam(learningRate: rate ?? 0.001) : RMSprop(learningRate: rate ?? 0.001)
            let model = try twoLayerModel(weights: Fixtures.tensors(fixture["initial_weights"]), lastActivation: .softmax)
            model.compile(optimizer: optimizer, loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            let history = try model.fit(x, y, epochs: (case_["epochs"] as! NSNumber).intValue,
                                        batchSize: (case_["batch_size"] as! NSNumber).intValue,
                                        validationSplit: (case_["validation_split"] as! NSNumber).floatValue,
                                        shuffle: false, verbose: 0)
            let expectedHistory = case_["history"] as! [String: [NSNumber]]
            XCTAssertEqual(Set(history.history.keys), Set(expectedHistory.keys), name)
            for (key, values) in expectedHistory {
                assertClose(Tensor(history.history[key] ?? []), Tensor(values.map(\.floatValue)),
                            relative: 1e-3, absolute: 1e-3, "\(name) history \(key)")
            }
            for (index, (weight, expected)) in zip(model.getWeights(), Fixtures.tensors(case_["final_weights"])).enumerated() {
                assertClose(weight, expected, relative: 1e-3, absolute: 1e-3, "\(name) final weight \(index)")
            }
            let scores = try model.evaluate(x, y, verbose: 0)
            for (key, value) in case_["evaluate"] as! [String: NSNumber] {
                assertClose(scores[key] ?? .nan, value.floatValue, relative: 1e-3, absolute: 1e-3, "\(name) evaluate \(key)")
            }
            let predictions = try model.predict(x[0..<3], verbose: 0)
            assertClose(predictions, Fixtures.tensor(case_["predict"]), relative: 1e-3, absolute: 1e-3, "\(name) predict")
        }
    }
}
