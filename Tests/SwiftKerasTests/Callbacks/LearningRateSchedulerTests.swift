import Foundation
import XCTest
@testable import SwiftKeras

/// LearningRateScheduler against Keras's documented example.
final class LearningRateSchedulerTests: XCTestCase {
    /// Records the learning rate each epoch trains with.
    private final class RateRecorder: Callback {
        var model: Sequential?
        var rates: [Float] = []
        func setModel(_ model: Sequential) { self.model = model }
        func onTrainBatchBegin(_ batch: Int, logs: [String: Float]) {
            if batch == 0 { rates.append(model!.optimizer!.learningRate) }
        }
    }

    func testKerasExampleEndsAtTheDocumentedRate() throws {
        // Keras: SGD() (0.01), keep the rate for 10 epochs then multiply by exp(-0.1); after 15 epochs 0.00607.
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy())
        let scheduler = LearningRateScheduler(schedule: { epoch, rate in epoch < 10 ? rate : rate * Float(exp(-0.1)) })
        try model.fit(x, y, epochs: 15, batchSize: 12, verbose: 0, callbacks: [scheduler])
        XCTAssertEqual(model.optimizer!.learningRate, 0.00607, accuracy: 5e-6)
    }

    func testTheRateIsSetBeforeEachEpochTrains() throws {
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        let recorder = RateRecorder()
        try model.fit(x, y, epochs: 3, batchSize: 4, verbose: 0,
                      callbacks: [LearningRateScheduler(schedule: { epoch, _ in Float(epoch + 1) / 100 }), recorder])
        XCTAssertEqual(recorder.rates, [0.01, 0.02, 0.03])
    }

    func testNonFiniteScheduleEndsFit() {
        let (x, y) = CallbackDriver.data()
        SavingTestSupport.assertThrows(["LearningRateScheduler", "finite"]) {
            try CallbackDriver.model().fit(x, y, epochs: 2, verbose: 0,
                                           callbacks: [LearningRateScheduler(schedule: { _, _ in .nan })])
        }
    }
}
