import XCTest
@testable import SwiftKeras

/// `fit`, `evaluate` and `predict` run the same forward and backward code as a `GradientTape` loop: for the same
/// model and batches they give the same losses and, bit for bit, the same weights.
final class OneTrainingPathTests: XCTestCase {
    /// `rows` samples of 784 pixels, about 80% of them zero like MNIST's background, and labels in 0..<10.
    private func mnistLikeData(rows: Int, zeroFraction: Float) -> (x: Tensor, y: Tensor) {
        var generator = SeededGenerator(seed: 11)
        let x = (0..<(rows * 784)).map { _ in generator.nextUniform() < zeroFraction ? 0 : generator.nextUniform() }
        let y = (0..<rows).map { Float($0 * 7 % 10) }
        return (Tensor(shape: [rows, 784], scalars: x), Tensor(shape: [rows], scalars: y))
    }

    private func model(seed: Int) -> Sequential {
        setRandomSeed(seed)
        clearSession()
        return Sequential([Input(shape: [784]), Dense(32, activation: .relu), Dense(10, activation: .softmax)])
    }

    /// fit over unshuffled batches against the tape loop that a user would write for the same batches.
    private func checkFitMatchesTapeLoop(zeroFraction: Float, makeOptimizer: () -> any Optimizer, loss: Loss,
                                         oneHot: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let (x, labels) = mnistLikeData(rows: 48, zeroFraction: zeroFraction)
        let y = oneHot ? toCategorical(labels, numClasses: 10) : labels
        let fitted = model(seed: 3), looped = model(seed: 3)
        XCTAssertEqual(fitted.getWeights(), looped.getWeights(), file: file, line: line)

        fitted.compile(optimizer: makeOptimizer(), loss: loss)
        let history = try fitted.fit(x, y, epochs: 1, batchSize: 16, shuffle: false, verbose: 0)

        let optimizer = makeOptimizer()
        var lossSum: Float = 0
        for start in stride(from: 0, to: 48, by: 16) {
            let xBatch = x[start..<(start + 16)], yBatch = y[start..<(start + 16)]
            let tape = GradientTape()
            let batchLoss = tape.record { loss(yBatch, looped(xBatch, training: true)) }
            let gradients = tape.gradient(of: batchLoss, wrt: looped.trainableVariables)
            optimizer.applyGradients(zip(gradients, looped.trainableVariables))
            lossSum += batchLoss.scalar * 16
        }
        XCTAssertEqual(fitted.getWeights(), looped.getWeights(), "weights after three steps", file: file, line: line)
        XCTAssertEqual(history.history["loss"]![0], lossSum / 48, accuracy: 1e-6, "epoch loss", file: file, line: line)

        let scores = try fitted.evaluate(x, y, batchSize: 48, verbose: 0)
        XCTAssertEqual(scores["loss"]!, loss(y, looped(x)).scalar, accuracy: 1e-6, file: file, line: line)
        XCTAssertEqual(try fitted.predict(x, batchSize: 48, verbose: 0), looped(x), file: file, line: line)
    }

    func testFitAndTapeLoopAgreeOnSparseFirstLayerInputs() throws {
        let (x, _) = mnistLikeData(rows: 16, zeroFraction: 0.8)
        XCTAssertNotNil(PooledSparseInput(x), "this batch should take the sparse first-layer product")
        try checkFitMatchesTapeLoop(zeroFraction: 0.8, makeOptimizer: { Adam() }, loss: .sparseCategoricalCrossentropy(),
                                    oneHot: false)
    }

    func testFitAndTapeLoopAgreeOnDenseInputs() throws {
        let (x, _) = mnistLikeData(rows: 16, zeroFraction: 0)
        XCTAssertNil(PooledSparseInput(x), "this batch should take the dense product")
        try checkFitMatchesTapeLoop(zeroFraction: 0, makeOptimizer: { RMSprop() }, loss: .categoricalCrossentropy(),
                                    oneHot: true)
    }

    func testFitAndTapeLoopAgreeWithACustomLoss() throws {
        let squaredErrorSum = Loss.custom { yTrue, yPred in (yPred - yTrue).squared().sum(axis: -1).mean() }
        try checkFitMatchesTapeLoop(zeroFraction: 0.8, makeOptimizer: { SGD(learningRate: 0.05, momentum: 0.9) },
                                    loss: squaredErrorSum, oneHot: true)
    }

    /// From the second epoch on, sparse batches are read from an index of the data's nonzero entries: the history and
    /// the weights are bit for bit those of reading every batch from the dense rows (with a validation split, whose
    /// rows are indexed on their own).
    func testEpochsReadFromTheRowIndexMatchEpochsReadFromTheRows() throws {
        let (x, labels) = mnistLikeData(rows: 120, zeroFraction: 0.8)
        func train() throws -> (history: [String: [Float]], weights: [Tensor]) {
            let network = model(seed: 9)
            network.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            let history = try network.fit(x, labels, epochs: 3, batchSize: 16, validationSplit: 0.25, verbose: 0)
            return (history.history, network.getWeights())
        }
        let built = InputSparsity.indexesBuilt
        let indexed = try train()
        XCTAssertEqual(InputSparsity.indexesBuilt - built, 2, "one index for the training rows, one for validation")
        InputSparsity.indexesRepeatedReads = false
        defer { InputSparsity.indexesRepeatedReads = true }
        let scanned = try train()
        XCTAssertEqual(InputSparsity.indexesBuilt - built, 2)
        XCTAssertEqual(indexed.weights.map { $0.scalars.map(\.bitPattern) }, scanned.weights.map { $0.scalars.map(\.bitPattern) })
        XCTAssertEqual(indexed.history, scanned.history)
    }

    /// The sparse and the dense first-layer products compute the same gradients (up to the order of additions).
    func testSparseAndDenseFirstLayerGiveTheSameGradients() throws {
        let (x, y) = mnistLikeData(rows: 16, zeroFraction: 0.8)
        func gradients() -> [Tensor] {
            let network = model(seed: 5)
            let tape = GradientTape()
            let loss = tape.record { Loss.sparseCategoricalCrossentropy()(y, network(x, training: true)) }
            return tape.gradient(of: loss, wrt: network.trainableVariables)
        }
        let sparse = gradients()
        let saved = InputSparsity.sparseFraction
        InputSparsity.sparseFraction = 0
        defer { InputSparsity.sparseFraction = saved }
        XCTAssertNil(PooledSparseInput(x))
        for (a, b) in zip(sparse, gradients()) { assertClose(a, b, relative: 1e-5, absolute: 1e-6, "gradient") }
    }

    /// A cross-entropy on a softmax output is computed from the logits (Keras's graph mode): the same value as
    /// `fromLogits: true` on the logits, and the gradient softmax(z) - y over the batch.
    func testCrossentropyOnSoftmaxOutputIsComputedFromLogits() {
        let logits = Variable(Tensor([[2, -1, 40], [0.5, 0.25, -3]]))
        let labels = Tensor([2, 0])
        let tape = GradientTape()
        let loss = tape.record { Loss.sparseCategoricalCrossentropy()(labels, softmax(logits.value)) }
        let gradient = tape.gradient(of: loss, wrt: [logits])[0]
        let fromLogits = Loss.sparseCategoricalCrossentropy(fromLogits: true)(labels, logits.value)
        XCTAssertEqual(loss.scalar, fromLogits.scalar)
        // Clipped probabilities would give -log(1 - 1e-7) for the first row; the logits give the exact e^-38 scale.
        let p = softmax(logits.value)
        let expected = (p - toCategorical(labels, numClasses: 3)) / 2
        assertClose(gradient, expected, relative: 1e-6, absolute: 1e-7, "d loss / d logits")
    }
}
