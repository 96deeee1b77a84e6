import Foundation
import XCTest
@testable import SwiftKeras

/// Nadam, Adamax, Adadelta and Lion, gradient clipping and schedule-driven optimizers against Keras 3, step by step
/// (`Tests/Fixtures/keras/toolbox_optimizers.json`; optimizer steps to 1e-4 as the shared README says).
final class OptimizerParityTests: XCTestCase {
    /// Applies the fixture's three gradient sets with `optimizer` and compares the weights after each step.
    private func assertMatchesKeras(_ optimizer: any Optimizer, _ fixtureCase: [String: Any], fixture: [String: Any],
                                    file: StaticString = #filePath, line: UInt = #line) {
        let variables = Fixtures.tensors(fixture["initial"]).map { Variable($0) }
        let gradientSets = (fixture["gradients"] as! [Any]).map(Fixtures.tensors)
        let expected = (fixtureCase["after_each_step"] as! [Any]).map(Fixtures.tensors)
        let label = "\(fixtureCase["optimizer"]!) \(fixtureCase["config"]!)"
        for (step, (gradients, want)) in zip(gradientSets, expected).enumerated() {
            optimizer.applyGradients(zip(gradients, variables))
            for (index, (variable, weights)) in zip(variables, want).enumerated() {
                assertClose(variable.value, weights, relative: 1e-4, absolute: 1e-4,
                            "\(label) step \(step + 1) weight \(index)", file: file, line: line)
            }
        }
        XCTAssertEqual(optimizer.iterations, 3, label, file: file, line: line)
    }

    func testNadamAdamaxAdadeltaAndLionMatchKerasStepByStep() throws {
        let fixture = try ToolboxFixtures.load("toolbox_optimizers")
        let cases = fixture["cases"] as! [[String: Any]]
        XCTAssertEqual(Set(cases.map { $0["optimizer"] as! String }), ["Nadam", "Adamax", "Adadelta", "Lion"])
        for fixtureCase in cases {
            let optimizer = try ToolboxFixtures.optimizer(fixtureCase["optimizer"] as! String, fixtureCase["config"] as! [String: Any])
            XCTAssertNil(optimizer.argumentProblem)
            assertMatchesKeras(optimizer, fixtureCase, fixture: fixture)
        }
    }

    func testClipnormClipvalueAndGlobalClipnormMatchKeras() throws {
        let fixture = try ToolboxFixtures.load("toolbox_optimizers")
        for fixtureCase in fixture["clipping"] as! [[String: Any]] {
            let optimizer = try ToolboxFixtures.optimizer(fixtureCase["optimizer"] as! String, fixtureCase["config"] as! [String: Any])
            XCTAssertTrue(optimizer.gradientClipping.isActive)
            assertMatchesKeras(optimizer, fixtureCase, fixture: fixture)
        }
    }

    func testScheduleIsReadAtTheIterationsBeforeEachUpdateAsInKeras() throws {
        let fixture = try ToolboxFixtures.load("toolbox_optimizers")
        for fixtureCase in fixture["scheduled"] as! [[String: Any]] {
            let optimizer = try ToolboxFixtures.optimizer(fixtureCase["optimizer"] as! String, fixtureCase["config"] as! [String: Any])
            optimizer.learningRateSchedule = try ToolboxFixtures.schedule(fixtureCase["schedule"] as! String,
                                                                          fixtureCase["schedule_config"] as! [String: Any])
            assertMatchesKeras(optimizer, fixtureCase, fixture: fixture)
            assertClose(optimizer.learningRate, (fixtureCase["learning_rate_after"] as! NSNumber).floatValue,
                        "\(fixtureCase["optimizer"]!) learning rate after three steps")
        }
    }

    func testClippingNeverChangesGradientsWithinTheLimits() {
        // ‖g‖ = 5 for g = (3, 4): clipnorm 5 and globalClipnorm 5 leave it; clipvalue 4 leaves it.
        for optimizer in [SGD(learningRate: 1, clipnorm: 5), SGD(learningRate: 1, clipvalue: 4), SGD(learningRate: 1, globalClipnorm: 5)] {
            let variable = Variable(Tensor([0, 0]))
            optimizer.applyGradients([(Tensor([3, 4]), variable)])
            XCTAssertEqual(variable.value.scalars, [-3, -4])
        }
    }

    func testGlobalClipnormScalesAllGradientsByTheSameFactor() {
        // Joint norm √(3² + 4² + 12²) = 13; clipped to 6.5 every gradient is halved.
        let optimizer = SGD(learningRate: 1, globalClipnorm: 6.5)
        let (a, b) = (Variable(Tensor([0, 0])), Variable(Tensor([0])))
        optimizer.applyGradients([(Tensor([3, 4]), a), (Tensor([12]), b)])
        assertClose(a.value, Tensor([-1.5, -2]), "first variable")
        assertClose(b.value, Tensor([-6]), "second variable")
    }

    func testSettingMoreThanOneClippingThrowsAsKerasRaises() {
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: Adam(clipnorm: 1, clipvalue: 0.5), loss: .sparseCategoricalCrossentropy())
        assertThrows(.invalidArgument, mentioning: ["Adam", "only one of clipnorm, clipvalue and globalClipnorm", "clipnorm = 1.0"]) {
            try model.fit(x, y, verbose: 0)
        }
        model.compile(optimizer: Lion(globalClipnorm: -1), loss: .sparseCategoricalCrossentropy())
        assertThrows(.invalidArgument, mentioning: ["Lion", "globalClipnorm >= 0", "-1.0"]) { try model.fit(x, y, verbose: 0) }
    }

    func testNewOptimizersRejectArgumentsOutsideKerassRanges() {
        let (x, y) = SavingTestSupport.classificationData()
        let cases: [(any Optimizer, String)] = [
            (Nadam(beta1: 1), "beta1"), (Adamax(epsilon: 0), "epsilon"), (Adadelta(rho: 1.5), "rho"), (Lion(beta1: 0), "beta1"),
        ]
        for (optimizer, word) in cases {
            let model = SavingTestSupport.classifier()
            model.compile(optimizer: optimizer, loss: .sparseCategoricalCrossentropy())
            assertThrows(.invalidArgument, mentioning: [(optimizer as! SlotOptimizer).className, word]) { try model.fit(x, y, verbose: 0) }
        }
    }

    func testEveryOptimizerAcceptsAScheduleAsItsLearningRate() {
        let schedule = ExponentialDecay(initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9)
        let optimizers: [SlotOptimizer] = [
            Adam(learningRate: schedule), SGD(learningRate: schedule), RMSprop(learningRate: schedule),
            Adagrad(learningRate: schedule), AdamW(learningRate: schedule), Nadam(learningRate: schedule),
            Adamax(learningRate: schedule), Adadelta(learningRate: schedule), Lion(learningRate: schedule),
        ]
        for optimizer in optimizers {
            XCTAssertEqual(optimizer.learningRate, 0.01, optimizer.className)
            XCTAssertTrue(optimizer.learningRateSchedule is ExponentialDecay, optimizer.className)
            XCTAssertEqual((optimizer.config["config"]?["learning_rate"]?["class_name"])?.stringValue, "ExponentialDecay")
        }
    }

    func testResumingNewOptimizersWithScheduleAndClippingGivesTheWeightsOfAnUninterruptedRun() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = SavingTestSupport.classificationData()
        let optimizers: [() -> any Optimizer] = [
            { Nadam(learningRate: CosineDecay(initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.02, warmupSteps: 4),
                    globalClipnorm: 1) },
            { Adamax(learningRate: 0.01, clipnorm: 0.5) },
            { Adadelta(learningRate: PolynomialDecay(initialLearningRate: 1, decaySteps: 12, power: 2, cycle: true)) },
            { Lion(learningRate: PiecewiseConstantDecay(boundaries: [5, 9], values: [0.003, 0.002, 0.001]), clipvalue: 0.1) },
            { SGD(learningRate: InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.5, staircase: true),
                  momentum: 0.9) },
            { Adam(learningRate: ExponentialDecay(initialLearningRate: 0.01, decaySteps: 100, decayRate: 0.9)) },
        ]
        for makeOptimizer in optimizers {
            let uninterrupted = SavingTestSupport.classifier()
            uninterrupted.compile(optimizer: makeOptimizer(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            try uninterrupted.fit(x, y, epochs: 4, batchSize: 5, verbose: 0)

            let interrupted = SavingTestSupport.classifier()
            interrupted.compile(optimizer: makeOptimizer(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            try interrupted.fit(x, y, epochs: 2, batchSize: 5, verbose: 0)
            let path = folder + "/epoch2.swiftkeras"
            try interrupted.save(to: path)
            let resumed = try Sequential.load(from: path)
            let name = "\(uninterrupted.optimizer!.config["class_name"]!)"
            XCTAssertEqual(resumed.optimizer?.config, interrupted.optimizer?.config, name)
            XCTAssertEqual(resumed.optimizer?.iterations, 10, name)
            try resumed.fit(x, y, epochs: 4, batchSize: 5, verbose: 0, initialEpoch: 2)
            XCTAssertEqual(resumed.getWeights(), uninterrupted.getWeights(), name)
        }
    }
}
