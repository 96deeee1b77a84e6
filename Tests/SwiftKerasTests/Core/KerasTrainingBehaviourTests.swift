import XCTest
@testable import SwiftKeras

/// Where a Keras user notices around training (issue 15): callbacks that reset when training begins and see
/// evaluation, `ReduceLROnPlateau`'s auto mode and `minLr`, `evaluate`'s order, and Keras 3's progress line,
/// checked against the strings Keras 3.15's `Progbar` prints for the same times and values.
final class KerasTrainingBehaviourTests: XCTestCase {
    /// Records the hooks it sees, in order.
    private final class HookRecorder: Callback {
        var events: [String] = []
        func onTestBegin(logs: [String: Float]) { events.append("testBegin") }
        func onTestBatchBegin(_ batch: Int, logs: [String: Float]) { events.append("testBatchBegin \(batch)") }
        func onTestBatchEnd(_ batch: Int, logs: [String: Float]) { events.append("testBatchEnd \(batch) \(logs.keys.sorted())") }
        func onTestEnd(logs: [String: Float]) { events.append("testEnd \(logs.keys.sorted())") }
        func onEpochEnd(_ epoch: Int, logs: [String: Float]) { events.append("epochEnd \(epoch)") }
    }

    func testFitAndEvaluateCallTheTestHooksAroundEvaluation() throws {
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        let recorder = HookRecorder()
        try model.fit(x, y, epochs: 1, batchSize: 8, validationData: (x, y), verbose: 0, callbacks: [recorder])
        let evaluation = ["testBegin", "testBatchBegin 0", "testBatchEnd 0 [\"accuracy\", \"loss\"]",
                          "testBatchBegin 1", "testBatchEnd 1 [\"accuracy\", \"loss\"]", "testEnd [\"accuracy\", \"loss\"]"]
        XCTAssertEqual(recorder.events, evaluation + ["epochEnd 0"])
        recorder.events = []
        _ = try model.evaluate(x, y, batchSize: 8, verbose: 0, callbacks: [recorder])
        XCTAssertEqual(recorder.events, evaluation)
    }

    func testEarlyStoppingResetsStateWhenTrainingBegins() {
        let model = CallbackDriver.model()
        let stop = EarlyStopping(monitor: "loss", patience: 1)
        CallbackDriver.run(stop, on: model, "loss", [0.5, 0.6, 0.7])
        XCTAssertEqual(stop.best, 0.5)
        XCTAssertEqual(stop.stoppedEpoch, 1)
        stop.onTrainBegin(logs: [:])
        // Keras's on_train_begin: wait 0, stopped_epoch 0, best None (no value seen yet).
        XCTAssertEqual(stop.best, .infinity)
        XCTAssertEqual(stop.wait, 0)
        XCTAssertEqual(stop.stoppedEpoch, 0)
        // A second fit with higher losses is judged on its own: it improves twice, then stops one epoch later.
        XCTAssertEqual(CallbackDriver.run(stop, on: model, "loss", [2.0, 1.9, 1.8, 1.85, 1.9]), 4)
        XCTAssertEqual(stop.best, 1.8)
    }

    func testReduceLROnPlateauResetsStateWhenTrainingBegins() {
        let model = CallbackDriver.model(learningRate: 0.1)
        let reduce = ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 2, cooldown: 1)
        CallbackDriver.run(reduce, on: model, "loss", [0.5, 0.6, 0.7])
        XCTAssertEqual(reduce.best, 0.5)
        XCTAssertEqual(reduce.cooldownCounter, 1)
        reduce.onTrainBegin(logs: [:])
        XCTAssertEqual(reduce.best, .infinity)
        XCTAssertEqual(reduce.wait, 0)
        XCTAssertEqual(reduce.cooldownCounter, 0)
    }

    func testReduceLROnPlateauAutoModeDecidesAsKeras3() throws {
        // Keras 3 (MonitorCallback): "loss" down, a compiled metric its own way, anything else raises.
        let model = CallbackDriver.model(learningRate: 0.1, metrics: [.meanAbsoluteError, .accuracy])
        let onAccuracy = ReduceLROnPlateau(monitor: "val_accuracy", factor: 0.5, patience: 1)
        CallbackDriver.run(onAccuracy, on: model, "val_accuracy", [0.5, 0.6, 0.6])
        XCTAssertEqual(model.optimizer?.learningRate, 0.05)
        let onError = ReduceLROnPlateau(monitor: "mean_absolute_error", factor: 0.5, patience: 1)
        CallbackDriver.run(onError, on: model, "mean_absolute_error", [0.5, 0.4, 0.4])
        XCTAssertEqual(model.optimizer?.learningRate, 0.025)
        let (x, y) = CallbackDriver.data()
        assertThrows(.invalidArgument, mentioning: ["ReduceLROnPlateau", "learning_rate", "mode"]) {
            try CallbackDriver.model().fit(x, y, epochs: 1, verbose: 0, callbacks: [ReduceLROnPlateau(monitor: "learning_rate")])
        }
    }

    func testReduceLROnPlateauSpellsMinLrAsKeras() {
        let reduce = ReduceLROnPlateau(factor: 0.5, minLr: 0.01)
        XCTAssertEqual(reduce.minLr, 0.01)
        assertThrows(.invalidArgument, mentioning: ["minLr"]) {
            let (x, y) = CallbackDriver.data()
            try CallbackDriver.model().fit(x, y, epochs: 1, verbose: 0, callbacks: [ReduceLROnPlateau(minLr: -1)])
        }
    }

    func testEvaluateListsLossFirstThenMetricsInCompileOrder() throws {
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model(metrics: [.sparseCategoricalAccuracy, .accuracy])
        let scores = try model.evaluate(x, y, verbose: 0)
        XCTAssertEqual(scores.keys, ["loss", "sparse_categorical_accuracy", "accuracy"])
        XCTAssertEqual(scores.map(\.name), scores.keys)
        XCTAssertEqual(scores["accuracy"], scores.values[2])
        XCTAssertNil(scores["val_loss"])
        XCTAssertTrue(scores.description.hasPrefix("[\"loss\": \(scores.values[0]), \"sparse_categorical_accuracy\": "),
                      scores.description)
    }

    func testProgressTimesUseKerasFormats() {
        XCTAssertEqual(ProgressBar.formatETA(3.7), "3s")
        XCTAssertEqual(ProgressBar.formatETA(59.99), "59s")
        XCTAssertEqual(ProgressBar.formatETA(65), "1:05")
        XCTAssertEqual(ProgressBar.formatETA(3723.5), "1:02:03")
        XCTAssertEqual(ProgressBar.formatElapsed(4.6), "5s")
        XCTAssertEqual(ProgressBar.formatElapsed(0.4), "0s")
        XCTAssertEqual(ProgressBar.formatTime(0.4556, "step"), " 456ms/step")
        XCTAssertEqual(ProgressBar.formatTime(1.6, "step"), " 2s/step")
        XCTAssertEqual(ProgressBar.formatTime(0.0000424, "step"), " 42us/step")
    }

    func testProgressLineMatchesKeras3() {
        // keras.utils.Progbar(10) at step 3 after 1.3 s (step 1 at 0.5 s): 0.4 s per step since step 1, 2.8 s left.
        let running = ProgressBar.line(current: 3, target: 10, elapsed: 1.3, timePerUnit: 0.4,
                                       values: [("accuracy", 0.5), ("loss", 1.1 / 3)], finalize: false, colors: true)
        XCTAssertEqual(running, "\u{1b}[1m 3/10\u{1b}[0m \u{1b}[32m━━━━━━\u{1b}[0m\u{1b}[37m━━━━━━━━━━━━━━\u{1b}[0m \u{1b}[1m2s\u{1b}[0m 400ms/step - accuracy: 0.5000 - loss: 0.3667")
        let finished = ProgressBar.line(current: 10, target: 10, elapsed: 4.6, timePerUnit: 4.1 / 9,
                                        values: [("accuracy", 0.75), ("loss", 0.25)], finalize: true, colors: true)
        XCTAssertEqual(finished, "\u{1b}[1m10/10\u{1b}[0m \u{1b}[32m━━━━━━━━━━━━━━━━━━━━\u{1b}[0m\u{1b}[37m\u{1b}[0m \u{1b}[1m5s\u{1b}[0m 456ms/step - accuracy: 0.7500 - loss: 0.2500")
        let minutes = ProgressBar.line(current: 2, target: 200, elapsed: 1, timePerUnit: 0.8, values: [("loss", 0.45)],
                                       finalize: false, colors: true)
        XCTAssertEqual(minutes, "\u{1b}[1m  2/200\u{1b}[0m \u{1b}[37m━━━━━━━━━━━━━━━━━━━━\u{1b}[0m \u{1b}[1m2:38\u{1b}[0m 800ms/step - loss: 0.4500")
        let hours = ProgressBar.line(current: 2, target: 5000, elapsed: 3, timePerUnit: 2, values: [("loss", 0.2502)],
                                     finalize: false)
        XCTAssertEqual(hours, "   2/5000 ━━━━━━━━━━━━━━━━━━━━ 2:46:36 2s/step - loss: 0.2502")
        XCTAssertEqual(ProgressBar.verboseTwoLine(target: 750, elapsed: 1.9, timePerUnit: 1.9 / 749,
                                                  values: [("loss", 0.33164), ("accuracy", 0.908)]),
                       "750/750 - 2s - 3ms/step - loss: 0.3316 - accuracy: 0.9080")
    }

    func testProgressLineListsLogsInKeras3Order() {
        // Keras 3 prints the logs sorted by name: "acc: 1.0000 - loss: 0.5558 - val_acc: ...".
        let shown = Sequential.displayed(["loss": 0.5, "val_loss": 0.6, "accuracy": 0.9, "val_accuracy": 0.8])
        XCTAssertEqual(shown.map(\.0), ["accuracy", "loss", "val_accuracy", "val_loss"])
    }
}
