import XCTest
@testable import SwiftKeras

/// Reshape, Rescaling, Dropout, Softmax, ReLU and Flatten, binary cross-entropy and binary accuracy against the
/// numbers Keras computed (`misc_layers.json`), at the tolerances of the fixtures' README.
final class MiscLayerFixtureTests: XCTestCase {
    private func layer(_ name: String, _ config: [String: Any]) throws -> any Layer {
        let number = { (key: String) in (config[key] as? NSNumber)?.floatValue }
        switch name {
        case "Reshape": return Reshape((config["target_shape"] as! [NSNumber]).map(\.intValue))
        case "Rescaling": return Rescaling(scale: number("scale")!, offset: number("offset") ?? 0)
        case "Dropout": return Dropout(number("rate")!)
        case "Softmax": return Softmax(axis: (config["axis"] as? NSNumber)?.intValue ?? -1)
        case "ReLU": return ReLU(maxValue: number("max_value"), negativeSlope: number("negative_slope") ?? 0,
                                 threshold: number("threshold") ?? 0)
        case "Flatten": return Flatten()
        default: throw XCTSkip("no layer \(name)")
        }
    }

    func testLayersMatchKeras() throws {
        let fixture = try Fixtures.load("misc_layers")
        for case_ in fixture["cases"] as! [[String: Any]] {
            let name = case_["layer"] as! String
            let layer = try self.layer(name, case_["config"] as! [String: Any])
            let input = Fixtures.tensor(case_["input"])
            try layer.build(inputShape: Array(input.shape.dropFirst()))
            let expected = Fixtures.tensor(case_["output"])
            let watched = Variable(input)
            let tape = GradientTape()
            let upstream = case_["upstream"].map(Fixtures.tensor)
            let output = tape.record { layer(watched.value, training: case_["training"] as? Bool ?? false) }
            switch name {
            case "Softmax", "ReLU": assertClose(output, expected, relative: 1e-5, absolute: 1e-6, "\(name) output")
            default: XCTAssertEqual(output, expected, "\(name) output must match exactly")
            }
            if let upstream {
                let tape = GradientTape()
                let product = tape.record { (layer(watched.value, training: false) * upstream).sum() }
                let gradient = tape.gradient(of: product, wrt: [watched])[0]
                assertClose(gradient, Fixtures.tensor(case_["input_gradient"]), relative: 1e-4, absolute: 1e-5, "\(name) input gradient")
            }
            XCTAssertEqual(layer.computeOutputShape(inputShape: Array(input.shape.dropFirst())), Array(expected.shape.dropFirst()))
        }
    }

    /// Dropout's training contract: each entry is either 0 or the input scaled by 1 / (1 - rate), about `rate` of
    /// them dropped, and the same seed drops the same entries.
    func testDropoutInTrainingScalesKeptUnits() throws {
        let x = Tensor(shape: [100, 100], scalars: (0..<10_000).map { Float($0 % 17) + 1 })
        setRandomSeed(3)
        let dropout = Dropout(0.25)
        try dropout.build(inputShape: [100])
        let y = dropout(x, training: true)
        var dropped = 0
        for (a, b) in zip(x.scalars, y.scalars) {
            if b == 0 { dropped += 1 } else { XCTAssertEqual(b, a * (1 / 0.75)) }
        }
        XCTAssertEqual(Double(dropped) / 10_000, 0.25, accuracy: 0.02)
        setRandomSeed(3)
        let again = Dropout(0.25)
        XCTAssertEqual(again(x, training: true), y, "same seed, same mask")
        XCTAssertEqual(dropout(x), x, "identity at inference")
    }

    func testBinaryCrossentropyAndAccuracyMatchKeras() throws {
        let fixture = try Fixtures.load("misc_layers")
        for case_ in fixture["losses"] as! [[String: Any]] {
            let loss = Loss.binaryCrossentropy(fromLogits: case_["from_logits"] as! Bool)
            let value = loss(Fixtures.tensor(case_["y_true"]), Fixtures.tensor(case_["y_pred"])).scalar
            assertClose(value, (case_["value"] as! NSNumber).floatValue, relative: 1e-5, absolute: 1e-6, "\(case_["case"]!)")
        }
        for case_ in fixture["metrics"] as! [[String: Any]] {
            let yTrue = Fixtures.tensor(case_["y_true"]), yPred = Fixtures.tensor(case_["y_pred"])
            let sum = Metric.binaryAccuracy.batchSum(yTrue, yPred)
            XCTAssertEqual(Float(sum / Double(yTrue.shape[0])), (case_["value"] as! NSNumber).floatValue)
        }
    }

    /// A sigmoid output feeds binary cross-entropy through its logits, as in Keras: the same value as
    /// `fromLogits: true`, even where the probability rounds to 1.
    func testBinaryCrossentropyOnSigmoidOutputUsesLogits() {
        let z = Tensor([[40, -3], [0.5, 2]]), y = Tensor([[0, 1], [1, 0]])
        XCTAssertEqual(Loss.binaryCrossentropy()(y, sigmoid(z)).scalar, Loss.binaryCrossentropy(fromLogits: true)(y, z).scalar)
    }

    func testMisuseThrowsNamingTheProblem() {
        XCTAssertThrowsError(try Dropout(1).build(inputShape: [4])) { XCTAssertTrue("\($0)".contains("[0, 1)")) }
        XCTAssertThrowsError(try Dropout(-0.1).build(inputShape: [4]))
        XCTAssertThrowsError(try Reshape([5, 5]).build(inputShape: [28, 28])) { XCTAssertTrue("\($0)".contains("784")) }
        XCTAssertThrowsError(try Reshape([-1, -1]).build(inputShape: [4]))
        XCTAssertNoThrow(try Reshape([-1, 7]).build(inputShape: [28]))
    }
}
