import XCTest
@testable import SwiftKeras

/// Issue 12: the loss alone decides the label layout, non-finite data and invalid arguments throw before training
/// (the full list of misuses, one process each, is Tests/misuse/run.sh).
final class ArgumentValidationTests: XCTestCase {
    private let x = Tensor(shape: [6, 4], scalars: (0..<24).map { Float($0) / 24 })
    private let y = Tensor([0, 1, 2, 0, 1, 2])

    private func model(_ loss: Loss = .sparseCategoricalCrossentropy(), metrics: [Metric] = [],
                       optimizer: any Optimizer = SGD()) -> Sequential {
        setRandomSeed(1)
        let model = Sequential([Input(shape: [4]), Dense(8, activation: .relu), Dense(3, activation: .softmax)])
        model.compile(optimizer: optimizer, loss: loss, metrics: metrics)
        return model
    }

    func testLossNotMetricDecidesThatIntegerLabelsAreWrongForCategoricalCrossentropy() {
        assertThrows(.shapeMismatch, mentioning: ["[6, 3]", "toCategorical"]) {
            try model(.categoricalCrossentropy(), metrics: [.accuracy]).fit(x, y, verbose: 0)
        }
    }

    func testElementwiseMetricWithSparseLossThrows() {
        assertThrows(.invalidArgument, mentioning: ["mean_squared_error", "sparse_categorical_crossentropy"]) {
            try model(metrics: [.meanSquaredError]).fit(x, y, verbose: 0)
        }
    }

    func testSparseMetricWithMeanSquaredErrorLossThrows() {
        assertThrows(.invalidArgument, mentioning: ["sparse_categorical_accuracy"]) {
            try model(.meanSquaredError, metrics: [.sparseCategoricalAccuracy]).fit(x, toCategorical(y, numClasses: 3), verbose: 0)
        }
    }

    func testNonFiniteLabelsAndEvaluateInputsThrow() {
        var labels = toCategorical(y, numClasses: 3).scalars
        labels[4] = .nan
        assertThrows(.invalidData, mentioning: ["y contains a non-finite value", "sample 1"]) {
            try model(.meanSquaredError).fit(x, Tensor(shape: [6, 3], scalars: labels), verbose: 0)
        }
        var inputs = x.scalars
        inputs[5] = .infinity
        assertThrows(.invalidData, mentioning: ["evaluate", "x contains"]) {
            _ = try model().evaluate(Tensor(shape: [6, 4], scalars: inputs), y, verbose: 0)
        }
    }

    func testInvalidOptimizerArgumentsThrowFromFitBeforeTraining() {
        let cases: [(any Optimizer, String)] = [
            (Adam(beta1: 1), "beta1"), (Adam(beta2: -1), "beta2"), (Adam(epsilon: 0), "epsilon"),
            (Adam(learningRate: .nan), "learning rate"), (RMSprop(rho: 2), "rho"), (RMSprop(epsilon: -1), "epsilon"),
            (Adagrad(initialAccumulatorValue: -1), "initialAccumulatorValue"), (SGD(momentum: 2), "momentum"),
            (SGD(learningRate: -1), "learning rate"),
        ]
        for (optimizer, word) in cases {
            let model = model(optimizer: optimizer)
            let before = model.getWeights()
            assertThrows(.invalidArgument, mentioning: [word]) { try model.fit(x, y, verbose: 0) }
            XCTAssertEqual(model.getWeights().map(\.scalars), before.map(\.scalars))
        }
        XCTAssertNil(Adam().argumentProblem)
        XCTAssertNil(RMSprop(momentum: 0.9, centered: true).argumentProblem)
    }

    func testNonFiniteInitializerThrowsWhenBuilt() {
        let model = Sequential([Dense(3, kernelInitializer: .randomNormal(mean: 0, stddev: .nan))])
        assertThrows(.invalidArgument, mentioning: ["kernelInitializer", "stddev"]) { try model.build(inputShape: [4]) }
        XCTAssertThrowsError(try Initializer.randomUniform(min: 1, max: 0).validate("test"))
        XCTAssertNoThrow(try Initializer.truncatedNormal(mean: 0, stddev: 0.05).validate("test"))
    }

    func testBatchSizeIntMaxIsOneBatch() throws {
        let history = try model().fit(x, y, batchSize: .max, validationSplit: 0.5, verbose: 0)
        XCTAssertEqual(history.params["steps"], 1)
        XCTAssertTrue(history.history["val_loss"]![0].isFinite)
        XCTAssertEqual(try model().predict(x, batchSize: .max, verbose: 0).shape, [6, 3])
    }

    func testEmptyShapesThrowWhenBuilt() {
        let zeroUnits = Sequential([Input(shape: [4]), Dense(0)])
        assertThrows(.invalidArgument, mentioning: ["units >= 1"]) { _ = try zeroUnits.predict(x, verbose: 0) }
        let zeroInput = Sequential([Input(shape: [0]), Dense(3)])
        assertThrows(.invalidArgument, mentioning: ["positive", "[0]"]) { _ = try zeroInput.predict(Tensor(zeros: [2, 0]), verbose: 0) }
        let lateInput = Sequential([Dense(3, inputShape: [4]), Input(shape: [4])])
        assertThrows(.invalidArgument, mentioning: ["first layer"]) { _ = try lateInput.predict(x, verbose: 0) }
    }

    func testCallbackArgumentsThrowWhenTrainingBegins() {
        assertThrows(.invalidArgument, mentioning: ["factor"]) {
            try model().fit(x, y, verbose: 0, callbacks: [ReduceLROnPlateau(factor: 1)])
        }
        assertThrows(.invalidArgument, mentioning: ["saveFreq"]) {
            try model().fit(x, y, verbose: 0, callbacks: [ModelCheckpoint(filepath: "unused.swiftkeras", saveFreq: 0)])
        }
    }

    func testValidatedCategoricalBoundsTheClassCount() {
        assertThrows(.invalidData, mentioning: ["3e+09"]) { _ = try validatedCategorical(Tensor([0, 3e9])) }
        assertThrows(.invalidData, mentioning: ["nan"]) { _ = try validatedCategorical(Tensor([.nan])) }
        assertThrows(.invalidArgument, mentioning: ["1 GiB"]) { _ = try validatedCategorical(Tensor([0, 1]), numClasses: .max) }
        XCTAssertEqual(try validatedCategorical(Tensor([2, 0])).shape, [2, 3])
    }
}
