import XCTest
@testable import SwiftKeras

/// EarlyStopping against Keras 3's `early_stopping_test.py` sequences and documented rules.
final class EarlyStoppingTests: XCTestCase {
    func testStopsAtTheEpochKerasStopsAtForEachPatience() {
        // Keras: losses 10, 9, 8, 9, 8.9, ... stop at epoch max(patience, 1) + 2.
        let losses: [Float] = [10, 9, 8, 9, 8.9, 8.8, 8.7, 8.6, 8.5]
        for patience in 0...3 {
            let stopper = EarlyStopping(monitor: "loss", patience: patience)
            CallbackDriver.run(stopper, on: CallbackDriver.model(), "loss", losses)
            XCTAssertEqual(stopper.stoppedEpoch, Swift.max(patience, 1) + 2, "patience \(patience)")
        }
    }

    func testRestoresTheWeightsOfTheBestEpoch() {
        // Keras: val_loss 0.2, 0.15, 0.1, 0.11, 0.12 with patience 2 restores epoch 2's weights.
        let model = CallbackDriver.model()
        let stopper = EarlyStopping(monitor: "val_loss", patience: 2, restoreBestWeights: true)
        let epochs = CallbackDriver.run(stopper, on: model, "val_loss", [0.2, 0.15, 0.1, 0.11, 0.12]) {
            CallbackDriver.markWeights(model, Float($0))
        }
        XCTAssertEqual(epochs, 5)
        XCTAssertEqual(CallbackDriver.weightMark(model), 2)
        XCTAssertEqual(stopper.bestEpoch, 2)
    }

    func testBaselineNeverBeatenStopsAfterPatienceAndRestoresTheBestEpoch() {
        // Keras: baseline 0.5, patience 5, val_loss 0.9, 0.8, 0.7, 0.71, ... trains 5 epochs, restores epoch 2.
        let model = CallbackDriver.model()
        let stopper = EarlyStopping(monitor: "val_loss", patience: 5, baseline: 0.5, restoreBestWeights: true)
        let epochs = CallbackDriver.run(stopper, on: model, "val_loss", [0.9, 0.8, 0.7, 0.71, 0.72, 0.73]) {
            CallbackDriver.markWeights(model, Float($0))
        }
        XCTAssertEqual(epochs, 5)
        XCTAssertEqual(CallbackDriver.weightMark(model), 2)
    }

    func testRestoresTheBestEpochWhenAnotherCallbackStopsTraining() {
        let model = CallbackDriver.model()
        let stopper = EarlyStopping(monitor: "val_loss", patience: 5, baseline: 0.5, restoreBestWeights: true)
        let epochs = CallbackDriver.run(stopper, on: model, "val_loss", [0.9, 0.8, 0.7, 0.71, 0.72, 0.73]) { epoch in
            CallbackDriver.markWeights(model, Float(epoch))
            if epoch == 3 { model.stopTraining = true }
        }
        XCTAssertEqual(epochs, 4)
        XCTAssertEqual(CallbackDriver.weightMark(model), 2)
    }

    func testChangesSmallerThanMinDeltaAreNoImprovement() {
        let stopper = EarlyStopping(monitor: "loss", minDelta: -0.1, patience: 1)
        XCTAssertEqual(stopper.minDelta, 0.1, "Keras takes the absolute value")
        CallbackDriver.run(stopper, on: CallbackDriver.model(), "loss", [1.0, 0.95, 0.8, 0.75])
        XCTAssertEqual(stopper.stoppedEpoch, 1)
    }

    func testEpochsBeforeStartFromEpochAreNotMonitored() {
        let stopper = EarlyStopping(monitor: "loss", patience: 0, startFromEpoch: 2)
        let epochs = CallbackDriver.run(stopper, on: CallbackDriver.model(), "loss", [5, 6, 7, 8, 9])
        XCTAssertEqual(epochs, 4)
        XCTAssertEqual(stopper.stoppedEpoch, 3)
    }

    func testAutoModeMaximizesAccuracies() {
        let stopper = EarlyStopping(monitor: "val_accuracy")
        CallbackDriver.run(stopper, on: CallbackDriver.model(), "val_accuracy", [0.5, 0.6, 0.55, 0.7])
        XCTAssertEqual(stopper.stoppedEpoch, 2)
        XCTAssertEqual(stopper.best, 0.6)
        let explicit = EarlyStopping(monitor: "val_loss", mode: .max)
        CallbackDriver.run(explicit, on: CallbackDriver.model(), "val_loss", [0.5, 0.4])
        XCTAssertEqual(explicit.stoppedEpoch, 1)
    }

    func testMissingMonitoredValueWarnsAndNeverStops() {
        let model = CallbackDriver.model()
        let epochs = CallbackDriver.run(EarlyStopping(monitor: "val_loss"), on: model, "loss", [1, 2, 3, 4])
        XCTAssertEqual(epochs, 4)
    }

    func testFitStopsEarlyAndUnknownMonitorDirectionThrows() throws {
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        // With minDelta 100 only the first epoch improves (on infinity): Keras stops after the second.
        let history = try model.fit(x, y, epochs: 10, batchSize: 4, verbose: 0,
                                    callbacks: [EarlyStopping(monitor: "loss", minDelta: 100)])
        XCTAssertEqual(history.epoch, [0, 1])
        SavingTestSupport.assertThrows(["unknown_metric", "mode"]) {
            try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [EarlyStopping(monitor: "unknown_metric")])
        }
    }
}
