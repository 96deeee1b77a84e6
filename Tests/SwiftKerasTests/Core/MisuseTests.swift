import XCTest
@testable import SwiftKeras

/// User mistakes throw a `SwiftKerasError` that names the problem, never a crash or a NaN loss.
final class MisuseTests: XCTestCase {
    private func model() -> Sequential {
        clearSession()
        setRandomSeed(1)
        let model = Sequential([Input(shape: [4]), Dense(8, activation: .relu), Dense(3, activation: .softmax)])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        return model
    }

    private let x = Tensor(shape: [6, 4], scalars: (0..<24).map { Float($0) / 24 })
    private let y = Tensor([0, 1, 2, 0, 1, 2])

    func testFitBeforeCompileThrows() {
        let model = Sequential([Input(shape: [4]), Dense(3)])
        assertThrows(.notReady, mentioning: ["compile"]) { try model.fit(x, y, verbose: 0) }
    }

    func testDifferentSampleCountsThrow() {
        assertThrows(.shapeMismatch, mentioning: ["6 samples", "5"]) { try model().fit(x, y[0..<5], verbose: 0) }
    }

    func testInputWidthMismatchNamesBothShapes() {
        let wide = Tensor(zeros: [6, 5])
        assertThrows(.shapeMismatch, mentioning: ["(None, 4)", "[6, 5]"]) { try model().fit(wide, y, verbose: 0) }
        assertThrows(.shapeMismatch, mentioning: ["(None, 4)"]) { _ = try model().predict(wide, verbose: 0) }
    }

    func testSparseLabelsOutOfRangeThrow() {
        assertThrows(.invalidData, mentioning: ["label 3.0", "0..<3"]) {
            try model().fit(x, Tensor([0, 1, 3, 0, 1, 2]), verbose: 0)
        }
        assertThrows(.invalidData, mentioning: ["label -1.0"]) { try model().fit(x, Tensor([0, 1, -1, 0, 1, 2]), verbose: 0) }
    }

    func testNonIntegerSparseLabelsThrow() {
        assertThrows(.invalidData, mentioning: ["label 1.5", "index 1"]) {
            _ = try model().evaluate(x, Tensor([0, 1.5, 2, 0, 1, 2]), verbose: 0)
        }
    }

    func testOneHotLabelsOfWrongWidthThrow() {
        let model = model()
        model.compile(optimizer: SGD(), loss: .categoricalCrossentropy())
        assertThrows(.shapeMismatch, mentioning: ["[6, 3]", "[6, 4]"]) {
            try model.fit(x, toCategorical(Tensor([0, 1, 3, 0, 1, 2]), numClasses: 4), verbose: 0)
        }
    }

    func testValidationSplitOutsideRangeThrows() {
        for split: Float in [-0.1, 1, 1.5] {
            assertThrows(.invalidArgument, mentioning: ["validationSplit", "[0, 1)"]) {
                try model().fit(x, y, validationSplit: split, verbose: 0)
            }
        }
    }

    func testBatchSizeAndEpochsBelowOneThrow() {
        assertThrows(.invalidArgument, mentioning: ["batchSize >= 1", "got 0"]) { try model().fit(x, y, batchSize: 0, verbose: 0) }
        assertThrows(.invalidArgument, mentioning: ["epochs >= 1", "got 0"]) { try model().fit(x, y, epochs: 0, verbose: 0) }
        assertThrows(.invalidArgument, mentioning: ["batchSize"]) { _ = try model().predict(x, batchSize: -1, verbose: 0) }
    }

    func testSetWeightsWithWrongCountOrShapeThrows() {
        let model = model()
        assertThrows(.shapeMismatch, mentioning: ["got 3 tensors", "4 weights"]) {
            try model.setWeights(Array(model.getWeights().prefix(3)))
        }
        var weights = model.getWeights()
        weights[2] = Tensor(zeros: [3, 8])
        assertThrows(.shapeMismatch, mentioning: ["weight 2", "[8, 3]", "[3, 8]"]) { try model.setWeights(weights) }
    }

    func testNonFiniteInputsToFitThrowInsteadOfNaNLoss() {
        for bad in [Float.nan, .infinity, -.infinity] {
            var values = x.scalars
            values[9] = bad
            assertThrows(.invalidData, mentioning: ["non-finite", "sample 2"]) {
                try model().fit(Tensor(shape: x.shape, scalars: values), y, verbose: 0)
            }
        }
    }

    func testValidationSplitThatLeavesNoTrainingRowsThrows() {
        assertThrows(.invalidArgument, mentioning: ["validationSplit"]) { try model().fit(x[0..<1], y[0..<1], validationSplit: 0.5, verbose: 0) }
    }
}
