import Foundation
import XCTest
@testable import SwiftKeras

/// The five learning-rate schedules against Keras 3 (`Tests/Fixtures/keras/toolbox_schedules.json`: values at
/// steps 0-100, warmup included, to 1e-5 relative), their configs, and how the learning-rate callbacks treat them.
final class ScheduleParityTests: XCTestCase {
    func testEveryScheduleMatchesKerasAtEveryStep() throws {
        let fixture = try ToolboxFixtures.load("toolbox_schedules")
        let cases = fixture["cases"] as! [[String: Any]]
        XCTAssertEqual(Set(cases.map { $0["schedule"] as! String }),
                       ["ExponentialDecay", "PiecewiseConstantDecay", "CosineDecay", "InverseTimeDecay", "PolynomialDecay"])
        for case_ in cases {
            let name = case_["schedule"] as! String, config = case_["config"] as! [String: Any]
            let schedule = try ToolboxFixtures.schedule(name, config)
            XCTAssertNil(schedule.argumentProblem)
            let steps = (case_["steps"] as! [NSNumber]).map(\.intValue)
            for (step, value) in zip(steps, (case_["values"] as! [NSNumber]).map(\.floatValue)) {
                assertClose(schedule(step), value, relative: 1e-5, absolute: 1e-7, "\(name) \(config) at step \(step)")
            }
        }
    }

    func testScheduleConfigsHaveKerassKeysAndValues() throws {
        let fixture = try ToolboxFixtures.load("toolbox_schedules")
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["schedule"] as! String
            let schedule = try ToolboxFixtures.schedule(name, case_["config"] as! [String: Any])
            let keras = case_["keras_config"] as! [String: Any]
            XCTAssertEqual(Set(schedule.config.keys), Set(keras.keys), name)
            XCTAssertEqual(schedule.className, name)
            for (key, value) in keras {
                switch (schedule.config[key], value) {
                case (.number(let ours)?, let theirs as NSNumber):
                    XCTAssertEqual(Float(ours), theirs.floatValue, "\(name).\(key)")
                case (.string(let ours)?, let theirs as String): XCTAssertEqual(ours, theirs, "\(name).\(key)")
                case (.bool(let ours)?, let theirs as Bool): XCTAssertEqual(ours, theirs, "\(name).\(key)")
                case (.null?, is NSNull): break
                case (.array(let ours)?, let theirs as [NSNumber]):
                    XCTAssertEqual(ours.compactMap(\.doubleValue).map(Float.init), theirs.map(\.floatValue), "\(name).\(key)")
                default: XCTFail("\(name).\(key): ours \(String(describing: schedule.config[key])), Keras's \(value)")
                }
            }
        }
    }

    func testCosineDecayWarmsUpLinearlyThenDecaysToAlphaTimesTheTarget() {
        let schedule = CosineDecay(initialLearningRate: 0, decaySteps: 10, alpha: 0.1, warmupTarget: 1, warmupSteps: 4)
        for (step, rate) in zip(0...4, [Float(0), 0.25, 0.5, 0.75, 1]) { assertClose(schedule(step), rate, "warmup step \(step)") }
        assertClose(schedule(9), 0.55, "halfway through the decay: (1 - α)·½ + α")
        assertClose(schedule(14), 0.1, "the end of the decay: α·target")
        assertClose(schedule(1000), 0.1, "after the end")
    }

    func testInvalidSchedulesThrowWhenFitStarts() {
        let (x, y) = SavingTestSupport.classificationData()
        let cases: [(any LearningRateSchedule, [String])] = [
            (ExponentialDecay(initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.9), ["ExponentialDecay", "decaySteps > 0", "0"]),
            (PiecewiseConstantDecay(boundaries: [10, 20], values: [0.1, 0.01]), ["PiecewiseConstantDecay", "2 boundaries and 2 values"]),
            (CosineDecay(initialLearningRate: .nan, decaySteps: 10), ["CosineDecay", "initialLearningRate", "nan"]),
        ]
        for (schedule, words) in cases {
            let model = SavingTestSupport.classifier()
            model.compile(optimizer: SGD(learningRate: schedule), loss: .sparseCategoricalCrossentropy())
            assertThrows(.invalidArgument, mentioning: words) { try model.fit(x, y, verbose: 0) }
        }
    }

    func testLearningRateSchedulerRefusesAScheduledRateAsKerasDoes() {
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: Adam(learningRate: ExponentialDecay(initialLearningRate: 0.01, decaySteps: 10, decayRate: 0.5)),
                      loss: .sparseCategoricalCrossentropy())
        let scheduler = LearningRateScheduler { _, rate in rate / 2 }
        assertThrows(.invalidArgument, mentioning: ["LearningRateScheduler", "ExponentialDecay", "not settable"]) {
            try model.fit(x, y, epochs: 2, verbose: 0, callbacks: [scheduler])
        }
    }

    func testReduceLROnPlateauRefusesToReduceAScheduledRate() {
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(learningRate: PiecewiseConstantDecay(boundaries: [100], values: [0.1, 0.01])),
                      loss: .sparseCategoricalCrossentropy())
        // Zero inputs and labels the model cannot tell apart keep the loss flat, so patience 1 reduces after epoch 2.
        let reduce = ReduceLROnPlateau(monitor: "loss", patience: 1, minDelta: 1)
        assertThrows(.invalidArgument, mentioning: ["ReduceLROnPlateau", "PiecewiseConstantDecay", "not settable"]) {
            try model.fit(Tensor(zeros: [4, 2, 3]), Tensor([0, 1, 0, 1]), epochs: 3, batchSize: 4, verbose: 0, callbacks: [reduce])
        }
    }

    func testReduceLROnPlateauLogsTheScheduledRateOfEachEpoch() throws {
        // 24 samples in batches of 8: three updates per epoch, so epoch e ends at iterations 3(e + 1).
        let (x, y) = SavingTestSupport.classificationData()
        let schedule = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5)
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(learningRate: schedule), loss: .sparseCategoricalCrossentropy())
        let history = try model.fit(x, y, epochs: 3, batchSize: 8, verbose: 0,
                                    callbacks: [ReduceLROnPlateau(monitor: "loss", patience: 100)])
        XCTAssertEqual(history.history["learning_rate"], [0.05, 0.025, 0.0125])
        XCTAssertEqual(model.optimizer?.iterations, 9)
    }

    func testSettingTheLearningRateReplacesTheSchedule() {
        let optimizer = Adam(learningRate: ExponentialDecay(initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9))
        optimizer.learningRate = 0.5
        XCTAssertNil(optimizer.learningRateSchedule)
        XCTAssertEqual(optimizer.learningRate, 0.5)
        XCTAssertEqual(optimizer.config["config"]?["learning_rate"], .number(0.5))
    }
}
