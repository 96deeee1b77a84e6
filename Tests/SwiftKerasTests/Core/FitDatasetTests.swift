import XCTest
@testable import SwiftKeras

/// `fit`, `evaluate` and `predict` on a batched `Dataset` go through the same loop and step as on arrays.
final class FitDatasetTests: XCTestCase {
    /// MNIST-like rows (784 wide, mostly zero, so batches take the sparse path) and labels of 3 classes.
    private func data(_ count: Int, seed: UInt64) -> (Tensor, Tensor) {
        var generator = SeededGenerator(seed: seed)
        let x = Tensor(shape: [count, 784], scalars: (0..<(count * 784)).map { _ in
            generator.nextUniform() < 0.2 ? generator.nextUniform() : 0
        })
        return (x, Tensor((0..<count).map { _ in Float(generator.next() % 3) }))
    }

    private func model() -> Sequential {
        clearSession()
        setRandomSeed(21)
        let model = Sequential([Input(shape: [784]), Dense(16, activation: .relu), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        return model
    }

    func testFullBufferDatasetGivesTheSameHistoryAsArrays() throws {
        let (x, y) = data(200, seed: 1), (xValidation, yValidation) = data(50, seed: 2)
        let arrays = model()
        let expected = try arrays.fit(x, y, epochs: 3, batchSize: 64, validationData: (xValidation, yValidation), verbose: 0)
        let pipeline = model()
        XCTAssertEqual(pipeline.shuffleSeed, arrays.shuffleSeed)
        let train = try Dataset(x, y).shuffled(bufferSize: 200, seed: pipeline.shuffleSeed).batched(64)
        let history = try pipeline.fit(train, epochs: 3, validationData: try Dataset(xValidation, yValidation).batched(64),
                                       verbose: 0)
        XCTAssertEqual(history.history, expected.history, "bit-identical losses and metrics")
        XCTAssertEqual(history.params["steps"], 4)
        XCTAssertEqual(pipeline.getWeights(), arrays.getWeights())
    }

    func testEvaluateAndPredictMatchTheArrayVersions() throws {
        let (x, y) = data(70, seed: 3)
        let trained = model()
        try trained.fit(x, y, epochs: 1, batchSize: 32, verbose: 0)
        XCTAssertEqual(try trained.evaluate(try Dataset(x, y).batched(32), verbose: 0),
                       try trained.evaluate(x, y, batchSize: 32, verbose: 0))
        XCTAssertEqual(try trained.predict(try Dataset(x, y).batched(32), verbose: 0),
                       try trained.predict(x, batchSize: 32, verbose: 0))
    }

    func testUnknownLengthTrainsLikeTheKnownOne() throws {
        let (x, y) = data(100, seed: 4)
        let known = try model().fit(try Dataset(x, y).batched(25), epochs: 2, verbose: 0)
        let generated = Dataset.fromGenerator {
            var start = 0
            return AnyIterator {
                defer { start += 25 }
                return start < 100 ? (x[start..<(start + 25)], y[start..<(start + 25)]) : nil
            }
        }
        let unknown = try model().fit(generated, epochs: 2, verbose: 0)
        XCTAssertEqual(unknown.history, known.history)
        XCTAssertNil(unknown.params["steps"])
    }

    /// Keras's progbar.py with `target=None`: `"%7d/Unknown" % current`, then `f" {elapsed:.0f}s"` and the time per step.
    func testUnknownStepCountShowsKerasOpenEndedCount() {
        XCTAssertEqual(ProgressBar.line(current: 12, target: nil, elapsed: 3.2, timePerUnit: 0.25, values: [("loss", 0.5)],
                                        finalize: false),
                       "     12/Unknown 3s 250ms/step - loss: 0.5000")
    }

    func testEndlessDatasetNeedsStepsPerEpoch() throws {
        let (x, y) = data(40, seed: 5)
        let endless = try Dataset(x, y).batched(10).repeated()
        assertThrowsSwiftKerasError(try model().fit(endless, epochs: 2, verbose: 0), kind: .invalidArgument,
                                    containing: ["stepsPerEpoch"])
        let history = try model().fit(endless, epochs: 3, stepsPerEpoch: 6, verbose: 0)
        XCTAssertEqual(history.epoch, [0, 1, 2])
    }

    func testUnbatchedDatasetThrowsAskingForBatches() throws {
        let (x, y) = data(10, seed: 6)
        assertThrowsSwiftKerasError(try model().fit(try Dataset(x, y), verbose: 0), kind: .shapeMismatch,
                                    containing: ["[784]", "batched"])
    }
}
