import XCTest
@testable import SwiftKeras

/// TerminateOnNaN stops at the batch whose loss is NaN or infinite, as Keras does.
final class TerminateOnNaNTests: XCTestCase {
    /// Counts training batches.
    private final class BatchCounter: Callback {
        var batches = 0
        func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) { batches += 1 }
    }

    /// A model whose first batch overflows: MSE of (1e20 · w)² is infinite in float32.
    private func overflowingFit(_ callback: Callback, _ counter: BatchCounter) throws -> History {
        let model = Sequential([Dense(1, kernelInitializer: .ones, inputShape: [1])])
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let x = Tensor(shape: [8, 1], scalars: [Float](repeating: 1e20, count: 8))
        return try model.fit(x, Tensor(zeros: [8, 1]), epochs: 5, batchSize: 2, verbose: 0, callbacks: [callback, counter])
    }

    func testStopsAfterTheFirstNonFiniteBatch() throws {
        let counter = BatchCounter()
        let history = try overflowingFit(TerminateOnNaN(), counter)
        XCTAssertEqual(counter.batches, 1)
        XCTAssertEqual(history.epoch, [0])
    }

    func testFiniteLossesDoNotStop() {
        let model = CallbackDriver.model()
        let callback = TerminateOnNaN()
        callback.setModel(model)
        callback.onTrainBatchEnd(0, logs: ["loss": 1e30])
        XCTAssertFalse(model.stopTraining)
        callback.onTrainBatchEnd(1, logs: ["loss": .nan])
        XCTAssertTrue(model.stopTraining)
    }

    func testRaiseErrorMakesFitThrow() {
        SavingTestSupport.assertThrows(["NaN or Inf loss", "batch 0"]) {
            _ = try overflowingFit(TerminateOnNaN(raiseError: true), BatchCounter())
        }
    }
}
