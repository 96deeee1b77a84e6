import XCTest
@testable import SwiftKeras

/// Keras's learning-rate callbacks add `learning_rate` to each epoch's logs, so `History` records it.
final class LearningRateLoggingTests: XCTestCase {
    private func compiledModel(_ optimizer: any Optimizer) -> Sequential {
        clearSession()
        setRandomSeed(3)
        let model = Sequential([Input(shape: [2]), Dense(2, activation: .softmax)])
        model.compile(optimizer: optimizer, loss: .sparseCategoricalCrossentropy())
        return model
    }

    func testLearningRateSchedulerRecordsTheRateEachEpochRanWith() throws {
        let model = compiledModel(SGD(learningRate: 0.1))
        let halving = LearningRateScheduler(schedule: { epoch, rate in epoch == 0 ? rate : rate / 2 })
        let history = try model.fit(Tensor(zeros: [4, 2]), Tensor([0, 1, 0, 1]), epochs: 3, batchSize: 2, verbose: 0,
                                    callbacks: [halving])
        XCTAssertEqual(history.history["learning_rate"], [0.1, 0.05, 0.025])
    }

    func testReduceLROnPlateauRecordsTheRateBeforeReducingIt() throws {
        let model = compiledModel(SGD(learningRate: 0.1))
        // Zero inputs and a zero learning-rate effect keep the loss flat, so patience 1 reduces after epoch 2.
        let reduce = ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 1)
        let history = try model.fit(Tensor(zeros: [4, 2]), Tensor([0, 1, 0, 1]), epochs: 3, batchSize: 4,
                                    shuffle: false, verbose: 0, callbacks: [reduce])
        XCTAssertEqual(history.history["learning_rate"], [0.1, 0.1, 0.05])
        XCTAssertEqual(model.optimizer?.learningRate, 0.025)
    }
}
