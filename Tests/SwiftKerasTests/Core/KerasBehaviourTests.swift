import XCTest
@testable import SwiftKeras

/// Where a Keras user notices (issue 15): losses on mismatched shapes, layers built on first call, one-hot labels
/// of any rank, unique layer names, empty models, Keras's spellings. Expected values come from Keras 3.15
/// (TensorFlow backend).
final class KerasBehaviourTests: XCTestCase {
    private let column = Tensor(shape: [3, 1], scalars: [1, 2, 3])
    private let square = Tensor(shape: [3, 3], scalars: (0..<9).map { Float($0) / 10 })

    func testLossOnMismatchedShapesThrows() {
        // Keras: "Arguments `target` and `output` must have the same shape" for the cross-entropies; TensorFlow's
        // "Incompatible shapes: [3,2] vs. [3,3]" for the errors; the sparse loss wants one axis fewer.
        assertThrows(.shapeMismatch, mentioning: ["[3, 1]", "[3, 3]"]) {
            _ = try Loss.categoricalCrossentropy().compute(self.column, self.square)
        }
        assertThrows(.shapeMismatch, mentioning: ["[3, 2]", "[3, 3]"]) {
            _ = try Loss.binaryCrossentropy().compute(Tensor(ones: [3, 2]), self.square)
        }
        assertThrows(.shapeMismatch, mentioning: ["[3, 2]", "[3, 3]"]) {
            _ = try Loss.meanSquaredError.compute(Tensor(ones: [3, 2]), self.square)
        }
        assertThrows(.shapeMismatch, mentioning: ["[3, 2]", "[3, 3]"]) {
            _ = try Loss.sparseCategoricalCrossentropy().compute(Tensor(ones: [3, 2]), self.square + 0.1)
        }
    }

    func testSampleBySampleLossesOnUnequalShapesThrowInsteadOfTrapping() {
        // [4, 1] against [4, 3] broadcasts (Keras computes it); these losses compute sample by sample and throw.
        for loss in [Loss.huber(), .hinge, .squaredHinge, .logCosh, .kullbackLeiblerDivergence, .poisson,
                     .meanSquaredLogarithmicError, .meanAbsolutePercentageError, .categoricalHinge] {
            assertThrows(.shapeMismatch, mentioning: ["[4, 1]", "[4, 3]"]) {
                _ = try loss.compute(Tensor(ones: [4, 1]), Tensor(ones: [4, 3]))
            }
        }
        // A scalar prediction has no class axis for the sparse cross-entropy.
        assertThrows(.shapeMismatch, mentioning: ["yPred of shape []"]) {
            _ = try Loss.sparseCategoricalCrossentropy().compute(Tensor(shape: [1], scalars: [0]),
                                                                 Tensor(shape: [], scalars: [0.5]))
        }
    }

    func testLossBroadcastsWhereKerasBroadcasts() throws {
        // keras.losses.MeanSquaredError()([[1],[2],[3]], arange(9).reshape(3,3)/10) = 2.8933334.
        XCTAssertEqual(try Loss.meanSquaredError.compute(column, square).scalar, 2.8933334, accuracy: 1e-6)
        XCTAssertEqual(Loss.meanSquaredError(column, square).scalar, 2.8933334, accuracy: 1e-6)
    }

    func testLossAlignsRankOneTargetsWithOneUnitPredictions() throws {
        // Keras squeezes or expands the last axis: [n] against [n, 1] is one value per sample, not [n, n].
        let targets = Tensor([1, 2, 3])
        let predictions = Tensor(shape: [3, 1], scalars: [1.5, 2.5, 2])
        XCTAssertEqual(Loss.meanSquaredError(targets, predictions).scalar, 0.5, accuracy: 1e-6)
        XCTAssertEqual(Loss.meanSquaredError(predictions, targets).scalar, 0.5, accuracy: 1e-6)
        XCTAssertEqual(try Loss.meanAbsoluteError.compute(targets, predictions).scalar, 0.6666667, accuracy: 1e-6)
        let probabilities = Tensor(shape: [3, 1], scalars: [0.2, 0.7, 0.9])
        XCTAssertEqual(Loss.binaryCrossentropy()(Tensor([0, 1, 1]), probabilities).scalar, 0.22839302, accuracy: 1e-5)
    }

    func testFitAcceptsRankOneTargetsForAOneUnitRegressionModel() throws {
        // Keras fits y of shape [n] to an output [n, 1]; the result is the one of y reshaped to [n, 1].
        let x = Tensor(shape: [8, 3], scalars: (0..<24).map { Float($0 % 5) / 5 })
        let y = Tensor((0..<8).map { Float($0) / 4 })
        func trained(_ targets: Tensor) throws -> [Float] {
            clearSession()
            setRandomSeed(3)
            let model = Sequential([Input(shape: [3]), Dense(1)])
            model.compile(optimizer: SGD(learningRate: 0.1), loss: .meanSquaredError, metrics: [.meanAbsoluteError])
            return try model.fit(x, targets, epochs: 2, batchSize: 4, verbose: 0).history["loss"]!
        }
        let losses = try trained(y)
        XCTAssertEqual(losses, try trained(y.reshaped(to: [8, 1])))
        XCTAssertEqual(losses.count, 2)
    }

    func testUnbuiltLayerBuildsOnFirstCall() {
        setRandomSeed(0)
        let dense = Dense(3)
        XCTAssertFalse(dense.isBuilt)
        let output = dense(Tensor(ones: [2, 4]))
        XCTAssertEqual(output.shape, [2, 3])
        XCTAssertEqual(dense.weights.map(\.shape), [[4, 3], [3]])
        let conv = Conv2D(2, kernelSize: 3)
        XCTAssertEqual(conv(Tensor(ones: [1, 5, 5, 1]), training: true).shape, [1, 3, 3, 2])
        let norm = BatchNormalization()
        XCTAssertEqual(norm(Tensor(ones: [2, 4]), training: true).shape, [2, 4])
        XCTAssertEqual(norm.weights.count, 4)
    }

    func testToCategoricalKeepsLeadingAxes() {
        // keras.utils.to_categorical: [2, 3] -> [2, 3, 3]; [2, 3, 1] -> [2, 3, 3]; [3, 1] -> [3, 3].
        let labels = Tensor(shape: [2, 3], scalars: [0, 1, 2, 2, 1, 0])
        let encoded = toCategorical(labels, numClasses: 3)
        XCTAssertEqual(encoded.shape, [2, 3, 3])
        XCTAssertEqual(encoded.scalars, [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0])
        XCTAssertEqual(toCategorical(labels.reshaped(to: [2, 3, 1]), numClasses: 3), encoded)
        XCTAssertEqual(toCategorical(Tensor(shape: [3, 1], scalars: [0, 1, 2])).shape, [3, 3])
        XCTAssertEqual(toCategorical(Tensor([2])).shape, [1, 3])
    }

    func testSequentialRejectsADuplicateLayerName() {
        let model = Sequential([Dense(2, inputShape: [3], name: "d"), Dense(2, name: "d")])
        assertThrows(.invalidArgument, mentioning: ["unique names", "'d'"]) { try model.build(inputShape: [3]) }
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        assertThrows(.invalidArgument, mentioning: ["'d'"]) {
            try model.fit(Tensor(ones: [2, 3]), Tensor(ones: [2, 2]), verbose: 0)
        }
    }

    func testEmptySequentialThrowsOnFitPredictEvaluateAndBuild() {
        // Keras: "Sequential model sequential cannot be built because it has no layers. Call `model.add(layer)`."
        let model = Sequential(name: "empty")
        assertThrows(.notReady, mentioning: ["empty", "no layers", "model.add"]) { _ = try model.predict(Tensor(ones: [2, 3]), verbose: 0) }
        assertThrows(.notReady, mentioning: ["no layers"]) { try model.build(inputShape: [3]) }
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        assertThrows(.notReady, mentioning: ["no layers"]) { try model.fit(Tensor(ones: [2, 3]), Tensor(ones: [2, 3]), verbose: 0) }
        assertThrows(.notReady, mentioning: ["no layers"]) { _ = try model.evaluate(Tensor(ones: [2, 3]), Tensor(ones: [2, 3]), verbose: 0) }
        let declared = Sequential([Input(shape: [3])])
        assertThrows(.notReady, mentioning: ["no layers"]) { _ = try declared.predict(Tensor(ones: [2, 3]), verbose: 0) }
    }

    func testEmptySequentialSummaryIsKerasEmptyTable() {
        // Keras 3 does not raise here: keras.Sequential().summary(line_length=88) prints an empty table.
        let expected = """
            Model: "sequential"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
            └──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
             Total params: 0 (0.00 B)
             Trainable params: 0 (0.00 B)
             Non-trainable params: 0 (0.00 B)

            """
        XCTAssertEqual(Sequential(name: "sequential").summaryText(), expected)
    }

    func testSoftmaxAndLogSoftmaxTakeAnAxis() {
        // keras.ops.softmax / log_softmax of [[1, 2, 3], [4, 6, 5]] along axis 0.
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 6, 5])
        assertClose(softmax(x, axis: 0).scalars, [0.047425874, 0.017986208, 0.11920291, 0.95257413, 0.98201376, 0.88079703])
        assertClose(logSoftmax(x, axis: 0).scalars, [-3.0485873, -4.01815, -2.126928, -0.04858733, -0.01814996, -0.12692805])
        XCTAssertEqual(softmax(x, axis: -1), softmax(x))
        XCTAssertEqual(logSoftmax(x, axis: 1), logSoftmax(x))
        // A middle axis of a [2, 3, 2] tensor.
        let cube = Tensor(shape: [2, 3, 2], scalars: (0..<12).map { Float($0) / 3 })
        assertClose(logSoftmax(cube, axis: 1).scalars, [-1.908268, -1.908268, -1.2416012, -1.2416012, -0.57493454, -0.57493454,
                                                        -1.908268, -1.908268, -1.2416012, -1.2416012, -0.57493454, -0.57493454])
        assertClose(softmax(cube, axis: 1).scalars, logSoftmax(cube, axis: 1).exp().scalars)
    }

    func testLogSoftmaxAlongAnAxisHasTheSoftmaxGradient() {
        // d/dx Σ w·logSoftmax(x) along an axis is w - softmax(x)·Σw (a mathematical identity).
        let x = Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 6, 5]))
        let w = Tensor(shape: [2, 3], scalars: [1, 0, 2, 0, 1, 1])
        let tape = GradientTape()
        let y = tape.record { (logSoftmax(x.value, axis: 0) * w).sum() }
        let gradient = tape.gradient(of: y, wrt: [x])[0]
        let p = softmax(x.value.detached, axis: 0)
        let columnSums = w.sum(axis: 0).reshaped(to: [1, 3])
        assertClose(gradient.scalars, (w - p * columnSums).scalars)
    }

    func testMaxReducesAllElements() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 6, 5])
        XCTAssertEqual(x.max().scalar, 6)
        XCTAssertEqual(x.max().shape, [])
    }

    func testCompileDefaultsToRMSprop() throws {
        let model = Sequential([Dense(1, inputShape: [2])])
        model.compile(loss: .meanSquaredError)
        let optimizer = try XCTUnwrap(model.optimizer as? RMSprop)
        XCTAssertEqual(optimizer.learningRate, 0.001)
    }

    func testLossAndMetricNamesFromKerasStrings() throws {
        XCTAssertEqual(try Loss(kerasName: "mse").name, "mean_squared_error")
        XCTAssertEqual(try Loss(kerasName: "mean_squared_error").name, "mean_squared_error")
        XCTAssertEqual(try Loss(kerasName: "MAE").name, "mean_absolute_error")
        XCTAssertEqual(try Loss(kerasName: "categorical_crossentropy").name, "categorical_crossentropy")
        XCTAssertEqual(try Loss(kerasName: "SparseCategoricalCrossentropy").crossentropy?.fromLogits, false)
        XCTAssertEqual(try Loss(kerasName: "binary_crossentropy").name, "binary_crossentropy")
        XCTAssertEqual(try Metric(kerasName: "acc"), .accuracy)
        XCTAssertEqual(try Metric(kerasName: "accuracy"), .accuracy)
        XCTAssertEqual(try Metric(kerasName: "sparse_categorical_accuracy"), .sparseCategoricalAccuracy)
        XCTAssertEqual(try Metric(kerasName: "mae"), .meanAbsoluteError)
        assertThrows(.invalidArgument, mentioning: ["\"msqe\"", "mse", "sparse_categorical_crossentropy"]) {
            _ = try Loss(kerasName: "msqe")
        }
        assertThrows(.invalidArgument, mentioning: ["\"accuracy_top\"", "acc", "mae"]) { _ = try Metric(kerasName: "accuracy_top") }
    }

    private func assertClose(_ actual: [Float], _ expected: [Float], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: 1e-5, file: file, line: line) }
    }
}
