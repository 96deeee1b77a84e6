import XCTest
@testable import SwiftKeras

/// `fit` with `metrics: [.precision(), .recall(), .auc()]` against Keras's history and `evaluate`
/// (`toolbox_fit.json`: a two-layer binary classifier, Adam(0.01), no shuffling, validation split 0.25), at the
/// fit tolerance of 1e-3.
final class MetricFitParityTests: XCTestCase {
    func testFitHistoryWithPrecisionRecallAndAUCMatchesKeras() throws {
        let fixture = try ToolboxFixtures.load("toolbox_fit")
        let x = Fixtures.tensor(fixture["x"]), y = Fixtures.tensor(fixture["y"])
        let model = try twoLayerModel(weights: Fixtures.tensors(fixture["initial_weights"]), lastActivation: .sigmoid)
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .binaryCrossentropy(), metrics: [.precision(), .recall(), .auc()])
        let history = try model.fit(x, y, epochs: 3, batchSize: 8, validationSplit: 0.25, shuffle: false, verbose: 0)
        let expected = fixture["history"] as! [String: [NSNumber]]
        XCTAssertEqual(Set(history.history.keys), Set(expected.keys))
        for (key, values) in expected {
            assertClose(Tensor(history.history[key] ?? []), Tensor(values.map(\.floatValue)), relative: 1e-3, absolute: 1e-3, "history \(key)")
        }
        let scores = try model.evaluate(x, y, batchSize: 8, verbose: 0)
        for (key, value) in fixture["evaluate"] as! [String: NSNumber] {
            assertClose(scores[key] ?? .nan, value.floatValue, relative: 1e-3, absolute: 1e-3, "evaluate \(key)")
        }
    }
}
