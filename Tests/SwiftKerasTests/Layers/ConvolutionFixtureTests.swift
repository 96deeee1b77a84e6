import XCTest
@testable import SwiftKeras

/// Conv2D, pooling and BatchNormalization against Keras (`conv2d.json`, `pooling.json`, `batchnorm.json`): outputs
/// and the gradients of sum(output · upstream), at the tolerances of the fixtures' README.
final class ConvolutionFixtureTests: XCTestCase {
    private func ints(_ value: Any?) -> (Int, Int) {
        if let list = value as? [NSNumber] { return (list[0].intValue, list[list.count > 1 ? 1 : 0].intValue) }
        let single = (value as! NSNumber).intValue
        return (single, single)
    }

    /// The output and the gradients of sum(layer(x) · upstream) with respect to x and `weights`.
    private func run(_ layer: any Layer, _ x: Tensor, _ upstream: Tensor, training: Bool = false,
                     weights: [Variable] = []) -> (Tensor, Tensor, [Tensor]) {
        let input = Variable(x)
        let tape = GradientTape()
        var output = Tensor(0)
        let product = tape.record { () -> Tensor in
            output = layer(input.value, training: training)
            return (output * upstream).sum()
        }
        let gradients = tape.gradient(of: product, wrt: [input] + weights)
        return (output, gradients[0], Array(gradients.dropFirst()))
    }

    func testConv2DMatchesKeras() throws {
        let fixture = try Fixtures.load("conv2d")
        XCTAssertEqual((fixture["cases"] as! [Any]).count, 11)
        for (index, case_) in (fixture["cases"] as! [[String: Any]]).enumerated() {
            let config = case_["config"] as! [String: Any]
            let x = Fixtures.tensor(case_["input"])
            let useBias = config["use_bias"] as! Bool
            let layer = Conv2D((config["filters"] as! NSNumber).intValue, kernelSize: ints(config["kernel_size"]),
                               strides: ints(config["strides"]), padding: Padding(rawValue: config["padding"] as! String)!,
                               activation: Activation(rawValue: config["activation"] as! String)!, useBias: useBias)
            try layer.build(inputShape: Array(x.shape.dropFirst()))
            try layer.kernel!.assign(Fixtures.tensor(case_["kernel"]))
            if useBias { try layer.bias!.assign(Fixtures.tensor(case_["bias"])) }
            let (output, dx, dw) = run(layer, x, Fixtures.tensor(case_["upstream"]), weights: layer.weights)
            let label = "conv2d case \(index) \(config)"
            assertClose(output, Fixtures.tensor(case_["output"]), relative: 1e-5, absolute: 1e-6, "\(label) output")
            assertClose(dx, Fixtures.tensor(case_["input_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) input gradient")
            assertClose(dw[0], Fixtures.tensor(case_["kernel_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) kernel gradient")
            if useBias { assertClose(dw[1], Fixtures.tensor(case_["bias_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) bias gradient") }
        }
    }

    func testPoolingMatchesKeras() throws {
        let fixture = try Fixtures.load("pooling")
        XCTAssertEqual((fixture["cases"] as! [Any]).count, 16)
        for (index, case_) in (fixture["cases"] as! [[String: Any]]).enumerated() {
            let name = case_["layer"] as! String, config = case_["config"] as! [String: Any]
            let x = Fixtures.tensor(case_["input"])
            let layer: any Layer
            switch name {
            case "MaxPooling2D", "AveragePooling2D":
                let padding = Padding(rawValue: config["padding"] as! String)!
                let (pool, strides) = (ints(config["pool_size"]), ints(config["strides"]))
                layer = name == "MaxPooling2D" ? MaxPooling2D(poolSize: pool, strides: strides, padding: padding)
                    : AveragePooling2D(poolSize: pool, strides: strides, padding: padding)
            case "GlobalAveragePooling2D": layer = GlobalAveragePooling2D(keepdims: config["keepdims"] as? Bool ?? false)
            case "GlobalMaxPooling2D": layer = GlobalMaxPooling2D(keepdims: config["keepdims"] as? Bool ?? false)
            default: XCTFail("unknown layer \(name)"); continue
            }
            try layer.build(inputShape: Array(x.shape.dropFirst()))
            let (output, dx, _) = run(layer, x, Fixtures.tensor(case_["upstream"]))
            let label = "pooling case \(index) \(name) \(config) \(case_["input_kind"]!)"
            if name == "MaxPooling2D" {
                XCTAssertEqual(output, Fixtures.tensor(case_["output"]), "\(label) output must match exactly")
                assertClose(dx, Fixtures.tensor(case_["input_gradient"]), relative: 0, absolute: 1e-6, "\(label) input gradient")
            } else {
                assertClose(output, Fixtures.tensor(case_["output"]), relative: 1e-5, absolute: 1e-6, "\(label) output")
                assertClose(dx, Fixtures.tensor(case_["input_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) input gradient")
            }
            XCTAssertEqual([x.shape[0]] + layer.computeOutputShape(inputShape: Array(x.shape.dropFirst())), output.shape)
        }
    }

    func testBatchNormalizationMatchesKeras() throws {
        let fixture = try Fixtures.load("batchnorm")
        XCTAssertEqual((fixture["cases"] as! [Any]).count, 4)
        for (index, case_) in (fixture["cases"] as! [[String: Any]]).enumerated() {
            let config = case_["config"] as! [String: Any]
            let x = Fixtures.tensor(case_["input"])
            let layer = BatchNormalization(momentum: (config["momentum"] as! NSNumber).floatValue,
                                           epsilon: (config["epsilon"] as! NSNumber).floatValue)
            try layer.build(inputShape: Array(x.shape.dropFirst()))
            try layer.setWeights(["gamma", "beta", "moving_mean", "moving_variance"].map { Fixtures.tensor(case_[$0]) })
            let label = "batchnorm case \(index)"
            assertClose(layer(x), Fixtures.tensor(case_["output_inference"]), relative: 1e-5, absolute: 1e-6, "\(label) inference")
            let (output, dx, dw) = run(layer, x, Fixtures.tensor(case_["upstream"]), training: true,
                                       weights: [layer.gamma!, layer.beta!])
            assertClose(output, Fixtures.tensor(case_["output_training"]), relative: 1e-5, absolute: 1e-6, "\(label) training")
            assertClose(layer.movingMean!.value, Fixtures.tensor(case_["moving_mean_after"]), relative: 0, absolute: 1e-6, "\(label) moving mean")
            assertClose(layer.movingVariance!.value, Fixtures.tensor(case_["moving_variance_after"]), relative: 0, absolute: 1e-6, "\(label) moving variance")
            assertClose(layer(x), Fixtures.tensor(case_["output_inference_after"]), relative: 1e-5, absolute: 1e-6, "\(label) inference after")
            assertClose(dx, Fixtures.tensor(case_["input_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) input gradient")
            assertClose(dw[0], Fixtures.tensor(case_["gamma_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) gamma gradient")
            assertClose(dw[1], Fixtures.tensor(case_["beta_gradient"]), relative: 1e-4, absolute: 1e-5, "\(label) beta gradient")
        }
    }
}

extension Layer {
    /// Replaces the layer's weights (Keras order), for tests.
    func setWeights(_ values: [Tensor]) throws {
        for (variable, value) in zip(weights, values) { try variable.assign(value) }
    }
}
