import XCTest
@testable import SwiftKeras

/// Custom loops written as in tutorials 1 and 2: a loss that is any expression of tensor operations,
/// `GradientTape.gradient(of:wrt:)` and `applyGradients`.
final class CustomTrainingLoopTests: XCTestCase {
    func testSquaredErrorSumOverBatchHasKerasGradientTimesClassCount() throws {
        let fixture = try Fixtures.load("gradients")
        let fixtureCase = (fixture["cases"] as! [[String: Any]]).first { $0["loss"] as! String == "mean_squared_error" }!
        let model = try twoLayerModel(weights: Fixtures.tensors(fixture["weights"]), lastActivation: .linear)
        let x = Fixtures.tensor(fixture["input"]), y = Fixtures.tensor(fixtureCase["y_true"])
        let classes = Float(y.shape[1])
        // Σ (f(x) - y)² / batch = classes · mean squared error, so every gradient is `classes` times Keras's.
        let tape = GradientTape()
        let loss = tape.record { (model(x) - y).squared().sum() / Float(x.shape[0]) }
        let grads = tape.gradient(of: loss, wrt: model.trainableVariables)
        assertClose(loss.scalar, classes * (fixtureCase["loss_value"] as! NSNumber).floatValue, "loss")
        for (index, (gradient, expected)) in zip(grads, Fixtures.tensors(fixtureCase["gradients"])).enumerated() {
            assertClose(gradient, expected * classes, relative: 1e-4, absolute: 1e-4, "gradient \(index)")
        }
    }

    func testApplyGradientsTakesOneSGDStep() throws {
        let fixture = try Fixtures.load("gradients")
        let fixtureCase = (fixture["cases"] as! [[String: Any]])[0]
        let weights = Fixtures.tensors(fixture["weights"])
        let model = try twoLayerModel(weights: weights, lastActivation: .softmax)
        let x = Fixtures.tensor(fixture["input"]), y = Fixtures.tensor(fixtureCase["y_true"])
        let tape = GradientTape()
        let loss = tape.record { Loss.sparseCategoricalCrossentropy()(y, model(x)) }
        let optimizer = SGD(learningRate: 0.1)
        optimizer.applyGradients(zip(tape.gradient(of: loss, wrt: model.trainableVariables), model.trainableVariables))
        for (index, (after, (before, gradient))) in zip(model.getWeights(), zip(weights, Fixtures.tensors(fixtureCase["gradients"]))).enumerated() {
            assertClose(after, before - gradient * 0.1, relative: 1e-4, absolute: 1e-5, "weight \(index)")
        }
        XCTAssertEqual(optimizer.iterations, 1)
    }

    func testGradientOfUnusedVariableIsZero() {
        let used = Variable(Tensor([1, 2])), unused = Variable(Tensor([3]))
        let tape = GradientTape()
        let loss = tape.record { (used.value * used.value).sum() }
        let grads = tape.gradient(of: loss, wrt: [used, unused])
        XCTAssertEqual(grads[0], Tensor([2, 4]))
        XCTAssertEqual(grads[1], Tensor([0]))
    }

    func testVariableReadTwiceAccumulatesBothPaths() {
        let w = Variable(Tensor([3]))
        let tape = GradientTape()
        let loss = tape.record { (w.value * w.value * w.value + w.value).sum() }
        XCTAssertEqual(tape.gradient(of: loss, wrt: [w])[0], Tensor([28]))  // 3w² + 1 at w = 3
    }

    func testOperationsOutsideRecordAreNotTracked() {
        let w = Variable(Tensor([2]))
        let tape = GradientTape()
        let outside = w.value * 5
        XCTAssertFalse(outside.isRecorded)
        let loss = tape.record { (w.value * 5).sum() }
        XCTAssertEqual(tape.gradient(of: loss, wrt: [w])[0], Tensor([5]))
    }

    func testPersistentTapeAnswersSeveralGradientCalls() {
        let w = Variable(Tensor([2]))
        let tape = GradientTape(persistent: true)
        let (square, cube) = tape.record { ((w.value * w.value).sum(), (w.value * w.value * w.value).sum()) }
        XCTAssertEqual(tape.gradient(of: square, wrt: [w])[0], Tensor([4]))
        XCTAssertEqual(tape.gradient(of: cube, wrt: [w])[0], Tensor([12]))
    }

    func testOptimizerUpdatesWeightsInPlaceAfterTheTapeIsReleased() {
        let w = Variable(Tensor([1, 2, 3]))
        let tape = GradientTape()
        let loss = tape.record { (w.value * w.value).sum() }
        let grads = tape.gradient(of: loss, wrt: [w])
        let before = w.storedValue.scalars.withUnsafeBufferPointer { $0.baseAddress }
        SGD(learningRate: 0.5).applyGradients(zip(grads, [w]))
        XCTAssertEqual(w.value, Tensor([0, 0, 0]))
        XCTAssertEqual(w.storedValue.scalars.withUnsafeBufferPointer { $0.baseAddress }, before, "the update copied the weights")
    }
}
