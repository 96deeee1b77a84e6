import XCTest
@testable import SwiftKeras

/// How metric objects behave in `compile`, `fit` and `evaluate`: Keras's names, state over a whole epoch, resets,
/// saving, and the errors a user's mistake gives.
final class MetricObjectTests: XCTestCase {
    /// 20 samples of 3 features and 0/1 labels, and a fixed sigmoid classifier.
    private func binaryProblem() throws -> (model: Sequential, x: Tensor, y: Tensor) {
        let x = Tensor(shape: [20, 3], scalars: (0..<60).map { Float(sin(Double($0) * 1.3)) })
        let y = Tensor(shape: [20, 1], scalars: (0..<20).map { Float(($0 * 7) % 3 == 0 ? 1 : 0) })
        clearSession()
        let model = Sequential([Input(shape: [3]), Dense(1, activation: .sigmoid)])
        try model.setWeights([Tensor(shape: [3, 1], scalars: [0.9, -0.4, 0.3]), Tensor([0.05])])
        return (model, x, y)
    }

    func testAPILineCompilesWithKerasLogNames() throws {
        let (model, x, y) = try binaryProblem()
        model.compile(optimizer: SGD(), loss: .binaryCrossentropy(), metrics: [.accuracy, .precision(), .recall(), .auc()])
        let history = try model.fit(x, y, epochs: 1, batchSize: 8, validationSplit: 0.2, verbose: 0)
        XCTAssertEqual(Set(history.history.keys), ["loss", "accuracy", "precision", "recall", "auc",
                                                   "val_loss", "val_accuracy", "val_precision", "val_recall", "val_auc"])
    }

    func testSecondInstanceIsNumberedAsKerasDoes() {
        clearSession()
        XCTAssertEqual(Precision().name, "precision")
        XCTAssertEqual(Precision().name, "precision_1")
        XCTAssertEqual(AUC().name, "auc")
        XCTAssertEqual(Recall(name: "my_recall").name, "my_recall")
        XCTAssertEqual(TopKCategoricalAccuracy().name, "top_k_categorical_accuracy")
        XCTAssertEqual(SparseTopKCategoricalAccuracy().name, "sparse_top_k_categorical_accuracy")
        XCTAssertEqual(Mean().name, "mean")
        clearSession()
        XCTAssertEqual(Precision().name, "precision")
    }

    /// With a learning rate of 0 the predictions stay fixed, so the epoch's precision must be the precision of
    /// all the predictions at once (Keras's stateful result), which differs here from the mean of the batches'.
    func testEpochValueIsTheResultOverAllBatchesNotAMeanOfBatches() throws {
        let (model, x, y) = try binaryProblem()
        let precision = Precision(), auc = AUC()
        model.compile(optimizer: SGD(learningRate: 0), loss: .binaryCrossentropy(), metrics: [.object(precision), .object(auc)])
        let history = try model.fit(x, y, epochs: 2, batchSize: 6, shuffle: false, verbose: 0)
        let prediction = try model.predict(x, verbose: 0)
        let whole = Precision(), wholeAUC = AUC()
        try whole.updateState(y, prediction)
        try wholeAUC.updateState(y, prediction)
        var batchMean: Float = 0
        for start in stride(from: 0, to: 20, by: 6) {
            let batch = Precision()
            try batch.updateState(y[start..<min(start + 6, 20)], prediction[start..<min(start + 6, 20)])
            batchMean += batch.result() * Float(min(6, 20 - start)) / 20
        }
        XCTAssertGreaterThan(abs(whole.result() - batchMean), 1e-3, "the data must tell the two apart")
        // Reset at each epoch: the second epoch reports the same value, not one accumulated over two epochs' batches.
        XCTAssertEqual(history.history["precision"]!, [whole.result(), whole.result()])
        XCTAssertEqual(history.history["auc"]!, [wholeAUC.result(), wholeAUC.result()])
        let scores = try model.evaluate(x, y, batchSize: 7, verbose: 0)
        XCTAssertEqual(scores["precision"], whole.result())
        XCTAssertEqual(scores["auc"], wholeAUC.result())
    }

    func testCompiledModelWithMetricObjectsSavesAndLoads() throws {
        let (model, x, y) = try binaryProblem()
        model.compile(optimizer: Adam(), loss: .huber(delta: 0.5),
                      metrics: [.accuracy, .precision(thresholds: 0.3), .recall(), .auc(numThresholds: 50, curve: .pr)])
        let path = try SavingTestSupport.temporaryFolder(for: self) + "/model.swiftkeras"
        try model.save(to: path)
        let restored = try Sequential.load(from: path)
        guard case .huber(let delta) = try XCTUnwrap(restored.loss) else { return XCTFail("loss \(String(describing: restored.loss))") }
        XCTAssertEqual(delta, 0.5)
        XCTAssertEqual(restored.metrics.map(\.name), ["accuracy", "precision", "recall", "auc"])
        XCTAssertEqual((restored.metrics[1].stateful as? Precision)?.thresholds, 0.3)
        XCTAssertEqual((restored.metrics[3].stateful as? AUC)?.numThresholds, 50)
        XCTAssertEqual((restored.metrics[3].stateful as? AUC)?.curve, .pr)
        XCTAssertEqual(restored.metrics.map { $0.stateful?.serialized }, model.metrics.map { $0.stateful?.serialized })
        let before = try model.evaluate(x, y, verbose: 0), after = try restored.evaluate(x, y, verbose: 0)
        XCTAssertEqual(before, after)
    }

    func testEveryNewLossSavesAndLoadsWithItsKerasClassName() throws {
        let losses: [Loss] = [.huber(delta: 2), .kullbackLeiblerDivergence, .hinge, .squaredHinge, .logCosh,
                              .meanSquaredLogarithmicError, .meanAbsolutePercentageError, .categoricalHinge, .poisson]
        for loss in losses {
            let decoded = try CompileConfig.decodeLoss(ConfigReader(path: "test", value: CompileConfig.encode(loss), place: "loss"), customLoss: nil)
            XCTAssertEqual(CompileConfig.encode(decoded), CompileConfig.encode(loss), loss.name)
        }
    }

    func testEarlyStoppingMaximizesAUC() throws {
        let auc = Metric.auc(), precision = Metric.precision()
        XCTAssertEqual(MonitorMode.auto.lowerIsBetter("val_" + auc.name, metrics: [precision, auc]), false)
        XCTAssertEqual(MonitorMode.auto.lowerIsBetter(precision.name, metrics: [precision, auc]), false)
    }

    func testInvalidArgumentsThrowBeforeTraining() throws {
        let (model, x, y) = try binaryProblem()
        let weights = model.getWeights()
        model.compile(optimizer: SGD(), loss: .binaryCrossentropy(), metrics: [.precision(thresholds: 1.5)])
        assertThrows(.invalidArgument, mentioning: ["thresholds", "[0, 1]", "1.5"]) { try model.fit(x, y, verbose: 0) }
        XCTAssertEqual(model.getWeights(), weights)
        model.compile(optimizer: SGD(), loss: .binaryCrossentropy(), metrics: [.auc(numThresholds: 1)])
        assertThrows(.invalidArgument, mentioning: ["numThresholds", "> 1"]) { _ = try model.evaluate(x, y, verbose: 0) }
    }

    func testMismatchedShapesThrowNamingBoth() {
        assertThrows(.shapeMismatch, mentioning: ["[4, 1]", "[3, 1]"]) { try Precision().updateState(Tensor(zeros: [4, 1]), Tensor(zeros: [3, 1])) }
        assertThrows(.shapeMismatch, mentioning: ["sampleWeight", "[2]"]) {
            try AUC().updateState(Tensor(zeros: [3, 1]), Tensor(zeros: [3, 1]), sampleWeight: Tensor([1, 2]))
        }
        assertThrows(.invalidData, mentioning: ["label 7.0", "0..<4"]) {
            try SparseTopKCategoricalAccuracy().updateState(Tensor([7]), Tensor(zeros: [1, 4]))
        }
    }

    func testSparseLabelsWithPrecisionAreRejectedByFit() {
        let x = Tensor(zeros: [4, 3]), y = Tensor([0, 1, 2, 1])
        let model = Sequential([Input(shape: [3]), Dense(3, activation: .softmax)])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy(), metrics: [.precision()])
        assertThrows(.invalidArgument, mentioning: ["precision", "class indices"]) { try model.fit(x, y, verbose: 0) }
    }

    /// The examples of Docs/Toolbox-LossesMetrics.md and the doc comments, worked by hand: AUC = 3 of 4
    /// positive-negative pairs ranked right; the weighted mean (1 + 3) / 2; precision 1 of 2 predicted positives.
    func testDocumentationExamples() throws {
        let auc = AUC()
        try auc.updateState(Tensor([0, 0, 1, 1]), Tensor([0.1, 0.4, 0.35, 0.8]))
        XCTAssertEqual(auc.result(), 0.75, accuracy: 1e-6)
        let mean = Mean()
        try mean.updateState(Tensor([1, 3, 5, 7]), sampleWeight: Tensor([1, 1, 0, 0]))
        XCTAssertEqual(mean.result(), 2)
        let precision = Precision()
        try precision.updateState(Tensor([[1], [0], [1]]), Tensor([[0.8], [0.6], [0.3]]))
        XCTAssertEqual(precision.result(), 0.5)
    }
}
