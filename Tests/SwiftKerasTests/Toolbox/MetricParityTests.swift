import XCTest
@testable import SwiftKeras

/// Precision, Recall, AUC, the top-k accuracies and Mean against Keras 3 (`toolbox_metrics.json`): the result
/// after each of several `updateState` batches (some weighted, some with tied predictions) to 1e-5 relative.
final class MetricParityTests: XCTestCase {
    private func metric(_ className: String, _ arguments: [String: Any]) throws -> any StatefulMetric {
        let int = { (key: String) in (arguments[key] as? NSNumber)?.intValue }
        let float = { (key: String) in (arguments[key] as? NSNumber)?.floatValue }
        switch className {
        case "Precision": return Precision(thresholds: float("thresholds"), topK: int("top_k"), classId: int("class_id"))
        case "Recall": return Recall(thresholds: float("thresholds"), topK: int("top_k"), classId: int("class_id"))
        case "AUC":
            return AUC(numThresholds: int("num_thresholds") ?? 200,
                       curve: AUC.Curve(rawValue: arguments["curve"] as? String ?? "ROC")!,
                       summationMethod: AUC.SummationMethod(rawValue: arguments["summation_method"] as? String ?? "interpolation")!,
                       fromLogits: arguments["from_logits"] as? Bool ?? false)
        case "TopKCategoricalAccuracy": return TopKCategoricalAccuracy(k: int("k") ?? 5)
        case "SparseTopKCategoricalAccuracy": return SparseTopKCategoricalAccuracy(k: int("k") ?? 5)
        default: throw XCTSkip("no metric \(className)")
        }
    }

    private func cases(_ className: String) throws -> [[String: Any]] {
        let all = try ToolboxFixtures.load("toolbox_metrics")["cases"] as! [[String: Any]]
        let selected = all.filter { $0["metric"] as! String == className }
        XCTAssertFalse(selected.isEmpty, "no Keras cases for \(className)")
        return selected
    }

    private func checkAgainstKeras(_ className: String) throws {
        for fixtureCase in try cases(className) {
            let arguments = fixtureCase["arguments"] as! [String: Any]
            let metric = try self.metric(className, arguments)
            let expected = (fixtureCase["results"] as! [NSNumber]).map(\.floatValue)
            for (index, batch) in (fixtureCase["batches"] as! [[String: Any]]).enumerated() {
                try metric.updateState(Fixtures.tensor(batch["y_true"]), Fixtures.tensor(batch["y_pred"]),
                                       sampleWeight: ToolboxFixtures.optionalTensor(batch["sample_weight"]))
                assertClose(metric.result(), expected[index], relative: 1e-5, absolute: 1e-6, "\(className) \(arguments) after batch \(index)")
            }
            metric.resetState()
            XCTAssertEqual(metric.result(), 0, "\(className) after resetState")
        }
    }

    func testPrecisionMatchesKeras() throws { try checkAgainstKeras("Precision") }

    func testRecallMatchesKeras() throws { try checkAgainstKeras("Recall") }

    func testAUCMatchesKerasOnTiedAndWeightedPredictions() throws { try checkAgainstKeras("AUC") }

    func testTopKCategoricalAccuracyMatchesKeras() throws { try checkAgainstKeras("TopKCategoricalAccuracy") }

    func testSparseTopKCategoricalAccuracyMatchesKeras() throws { try checkAgainstKeras("SparseTopKCategoricalAccuracy") }

    func testMeanMatchesKeras() throws {
        let fixtureCase = try XCTUnwrap(try cases("Mean").first)
        let mean = Mean()
        let expected = (fixtureCase["results"] as! [NSNumber]).map(\.floatValue)
        for (index, batch) in (fixtureCase["batches"] as! [[String: Any]]).enumerated() {
            try mean.updateState(Fixtures.tensor(batch["values"]), sampleWeight: ToolboxFixtures.optionalTensor(batch["sample_weight"]))
            assertClose(mean.result(), expected[index], relative: 1e-5, absolute: 1e-6, "Mean after batch \(index)")
        }
    }

    /// A perfect ranking has area 1 and a reversed one area 0, whatever the thresholds.
    func testAUCOfPerfectAndReversedRankings() throws {
        let labels = Tensor([0, 0, 1, 1]), scores = Tensor([0.1, 0.3, 0.6, 0.9])
        let perfect = AUC(), reversed = AUC()
        try perfect.updateState(labels, scores)
        try reversed.updateState(labels, 1 - scores)
        XCTAssertEqual(perfect.result(), 1, accuracy: 1e-6)
        XCTAssertEqual(reversed.result(), 0, accuracy: 1e-6)
    }
}
