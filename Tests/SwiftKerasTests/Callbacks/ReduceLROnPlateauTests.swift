import XCTest
@testable import SwiftKeras

/// ReduceLROnPlateau against Keras 3's `reduce_lr_on_plateau_test.py` and its documented rules.
final class ReduceLROnPlateauTests: XCTestCase {
    private func rates(_ callback: ReduceLROnPlateau, _ key: String, _ values: [Float], learningRate: Float = 0.1) -> [Float] {
        let model = CallbackDriver.model(learningRate: learningRate)
        var rates: [Float] = []
        callback.setModel(model)
        callback.onTrainBegin(logs: [:])
        for (epoch, value) in values.enumerated() {
            callback.onEpochEnd(epoch, logs: [key: value])
            rates.append(model.optimizer!.learningRate)
        }
        return rates
    }

    func testReducesAfterPatienceEpochsWithoutImprovement() {
        let callback = ReduceLROnPlateau(monitor: "val_loss", factor: 0.5, patience: 2)
        XCTAssertEqual(rates(callback, "val_loss", [1.0, 0.9, 0.9, 0.9, 0.9, 0.9]), [0.1, 0.1, 0.1, 0.05, 0.05, 0.025])
    }

    func testGainsBelowMinDeltaDoNotCount() {
        // Default minDelta 1e-4: 0.99995 is not below 1.0 - 1e-4.
        XCTAssertEqual(rates(ReduceLROnPlateau(monitor: "loss", patience: 1), "loss", [1.0, 0.99995]), [0.1, 0.01])
        XCTAssertEqual(rates(ReduceLROnPlateau(monitor: "loss", patience: 1), "loss", [1.0, 0.9998]), [0.1, 0.1])
    }

    func testCooldownPausesCountingAfterAReduction() {
        // Keras: minDelta 100, patience 1, cooldown 2 over 4 epochs reduces twice (at epochs 1 and 3).
        let callback = ReduceLROnPlateau(monitor: "val_loss", factor: 0.1, patience: 1, minDelta: 100, cooldown: 2)
        let result = rates(callback, "val_loss", [1, 1, 1, 1])
        XCTAssertEqual(result[0...2], [0.1, 0.01, 0.01])
        XCTAssertEqual(result[3], 0.001, accuracy: 1e-9)
    }

    func testHonorsMinLr() {
        // Keras: minDelta 10, minLr 0.005 over 4 epochs ends at 0.005.
        let callback = ReduceLROnPlateau(monitor: "val_loss", factor: 0.1, patience: 1, minDelta: 10, minLr: 0.005)
        XCTAssertEqual(rates(callback, "val_loss", [1, 1, 1, 1]), [0.1, 0.01, 0.005, 0.005])
    }

    func testAutoModeMaximizesACompiledAccuracy() {
        let callback = ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1)
        XCTAssertEqual(rates(callback, "val_accuracy", [0.5, 0.6, 0.6]), [0.1, 0.1, 0.05])
    }

    func testMissingMonitoredValueChangesNothing() {
        XCTAssertEqual(rates(ReduceLROnPlateau(monitor: "val_loss", patience: 0), "loss", [1, 1, 1]), [0.1, 0.1, 0.1])
    }

    func testFitReducesTheRateAsKerasDoes() throws {
        // Keras: Adam(0.1), patience 1, minDelta 100, two epochs with validation data end at 0.01.
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        model.compile(optimizer: Adam(learningRate: 0.1), loss: .sparseCategoricalCrossentropy())
        try model.fit(x, y, epochs: 2, batchSize: 4, validationData: (x, y), verbose: 0,
                      callbacks: [ReduceLROnPlateau(monitor: "val_loss", factor: 0.1, patience: 1, minDelta: 100)])
        XCTAssertEqual(model.optimizer?.learningRate, 0.01)
    }
}
