import XCTest
@testable import SwiftKeras

/// `fit`'s Keras behaviours that the fixtures do not spell out one by one.
final class TrainingBehaviourTests: XCTestCase {
    private func smallModel(classes: Int = 3) -> Sequential {
        clearSession()
        setRandomSeed(2)
        return Sequential([Input(shape: [4]), Dense(5, activation: .relu), Dense(classes, activation: .softmax)])
    }

    func testAccuracyResolvesLikeKeras() {
        let probabilities = Tensor(zeros: [2, 3])
        XCTAssertEqual(Metric.accuracy.resolved(yTrue: Tensor([0, 1]), yPred: probabilities), .sparseCategoricalAccuracy)
        XCTAssertEqual(Metric.accuracy.resolved(yTrue: Tensor(zeros: [2, 1]), yPred: probabilities), .sparseCategoricalAccuracy)
        XCTAssertEqual(Metric.accuracy.resolved(yTrue: Tensor(zeros: [2, 3]), yPred: probabilities), .categoricalAccuracy)
        XCTAssertEqual(Metric.accuracy.resolved(yTrue: Tensor(zeros: [2, 1]), yPred: Tensor(zeros: [2, 1])), .accuracy)
    }

    func testHistoryUsesKerasKeyNames() throws {
        let model = smallModel()
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.sparseCategoricalAccuracy])
        let x = Tensor(shape: [10, 4], scalars: (0..<40).map { Float($0 % 7) / 7 })
        let history = try model.fit(x, Tensor((0..<10).map { Float($0 % 3) }), epochs: 2, batchSize: 4,
                                    validationSplit: 0.2, verbose: 0)
        XCTAssertEqual(Set(history.history.keys),
                       ["loss", "sparse_categorical_accuracy", "val_loss", "val_sparse_categorical_accuracy"])
        XCTAssertEqual(history.epoch, [0, 1])
        XCTAssertEqual(history.params["steps"], 2)  // 8 training rows in batches of 4
    }

    func testValidationSplitTakesLastRowsBeforeShuffling() throws {
        let data = TrainingData(x: Tensor(shape: [10, 1], scalars: (0..<10).map(Float.init)), y: Tensor((0..<10).map(Float.init)))
        let (train, validation) = try data.split(validationFraction: 0.2)
        XCTAssertEqual(train.rows, 0..<8)
        XCTAssertEqual(validation.rows, 8..<10)
        XCTAssertEqual(validation.rows.map { validation.y.scalars[$0] }, [8, 9])
        // Keras: the first floor(n · (1 - split)) rows train; 0.2 of 60000 leaves exactly 48000.
        let mnistSized = TrainingData(x: Tensor(zeros: [60000, 1]), y: Tensor(zeros: [60000]))
        XCTAssertEqual(try mnistSized.split(validationFraction: 0.2).train.count, 48000)
    }

    func testStopTrainingEndsFitAfterTheCurrentEpoch() throws {
        final class StopAfterFirstEpoch: Callback {
            var model: Sequential?
            var batches = 0
            func setModel(_ model: Sequential) { self.model = model }
            func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) { batches += 1 }
            func onEpochEnd(_ epoch: Int, logs: [String: Float]) { model?.stopTraining = true }
        }
        let model = smallModel()
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy())
        let callback = StopAfterFirstEpoch()
        let history = try model.fit(Tensor(zeros: [9, 4]), Tensor(zeros: [9]), epochs: 5, batchSize: 4, verbose: 0,
                                    callbacks: [callback])
        XCTAssertEqual(history.epoch, [0])
        XCTAssertEqual(callback.batches, 3)  // the last partial batch is trained on
    }

    func testProgressValuesAreFormattedAsKerasFormatsThem() {
        XCTAssertEqual(ProgressBar.format([("loss", 0.33164), ("accuracy", 0.908)]), " - loss: 0.3316 - accuracy: 0.9080")
        XCTAssertEqual(ProgressBar.format([("loss", 0.0005)]), " - loss: 5.0000e-04")
        XCTAssertEqual(ProgressBar.formatTime(0.0021, "step"), " 2ms/step")
        XCTAssertEqual(ProgressBar.formatTime(2.4, "step"), " 2s/step")
        XCTAssertEqual(ProgressBar.formatTime(0.00035, "step"), " 350us/step")
    }

    func testEvaluateReportsLossAndMetricNames() throws {
        let model = smallModel()
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy, .sparseCategoricalAccuracy])
        let scores = try model.evaluate(Tensor(zeros: [5, 4]), Tensor([0, 1, 2, 0, 1]), verbose: 0)
        XCTAssertEqual(Set(scores.keys), ["loss", "accuracy", "sparse_categorical_accuracy"])
        // All-zero inputs give the same prediction for every row: the accuracies agree.
        XCTAssertEqual(scores["accuracy"], scores["sparse_categorical_accuracy"])
    }

    func testAutomaticNamesFollowKerasAndClearSessionResetsThem() {
        clearSession()
        let first = Dense(3), second = Dense(3), flatten = Flatten()
        XCTAssertEqual([first.name, second.name, flatten.name], ["dense", "dense_1", "flatten"])
        clearSession()
        XCTAssertEqual(Dense(3).name, "dense")
    }

    func testCompiledFitMatchesAGradientTapeLoopOverTheSameBatches() throws {
        var generator = SeededGenerator(seed: 9)
        let x = Tensor(shape: [20, 2, 3], scalars: (0..<120).map { _ in generator.nextUniform() })
        let y = Tensor((0..<20).map { Float($0 % 4) })
        func makeModel() -> Sequential {
            clearSession()
            setRandomSeed(4)
            return Sequential([Flatten(inputShape: [2, 3]), Dense(7, activation: .tanh), Dense(4, activation: .softmax)])
        }
        let compiled = makeModel()
        compiled.compile(optimizer: Adam(learningRate: 0.05), loss: .sparseCategoricalCrossentropy())
        try compiled.fit(x, y, epochs: 2, batchSize: 6, shuffle: false, verbose: 0)

        let manual = makeModel()
        let optimizer = Adam(learningRate: 0.05)
        for _ in 0..<2 {
            for start in stride(from: 0, to: 20, by: 6) {
                let rows = start..<min(start + 6, 20)
                let tape = GradientTape()
                let loss = tape.record { Loss.sparseCategoricalCrossentropy()(y[rows], manual(x[rows])) }
                optimizer.applyGradients(zip(tape.gradient(of: loss, wrt: manual.trainableVariables), manual.trainableVariables))
            }
        }
        for (index, (a, b)) in zip(compiled.getWeights(), manual.getWeights()).enumerated() {
            assertClose(a, b, relative: 1e-4, absolute: 1e-5, "weight \(index)")
        }
    }
}
