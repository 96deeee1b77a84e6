import XCTest
@testable import SwiftKeras

/// Whole convolutional networks against Keras: the summaries of `convnet_summary.json` (mnist_convnet with 34,826
/// parameters, with and without BatchNormalization) and the fit histories of `convnet_fit.json`.
final class ConvNetFixtureTests: XCTestCase {
    /// Keras's mnist_convnet, optionally with a BatchNormalization after each convolution.
    static func mnistConvnet(batchNormalization: Bool) -> Sequential {
        clearSession()
        var layers: [any Layer] = [Input(shape: [28, 28, 1]), Conv2D(32, kernelSize: 3, activation: .relu)]
        if batchNormalization { layers.append(BatchNormalization()) }
        layers += [MaxPooling2D(poolSize: 2), Conv2D(64, kernelSize: 3, activation: .relu)]
        if batchNormalization { layers.append(BatchNormalization()) }
        layers += [MaxPooling2D(poolSize: 2), Flatten(), Dropout(0.5), Dense(10, activation: .softmax)]
        return Sequential(layers)
    }

    /// Input((8, 8, 1)) -> Conv2D(4, 3, relu) -> [BatchNormalization] -> MaxPooling2D(2) -> Flatten -> Dense(3, softmax).
    static func tinyConvnet(batchNormalization: Bool) -> Sequential {
        clearSession()
        var layers: [any Layer] = [Input(shape: [8, 8, 1]), Conv2D(4, kernelSize: 3, activation: .relu)]
        if batchNormalization { layers.append(BatchNormalization()) }
        layers += [MaxPooling2D(poolSize: 2), Flatten(), Dense(3, activation: .softmax)]
        return Sequential(layers)
    }

    func testSummariesMatchKeras() throws {
        let fixture = try Fixtures.load("convnet_summary")
        let models = [
            "mnist_convnet": Self.mnistConvnet(batchNormalization: false),
            "mnist_convnet batchnorm": Self.mnistConvnet(batchNormalization: true),
            "tiny convnet": Self.tinyConvnet(batchNormalization: false),
            "tiny convnet batchnorm": Self.tinyConvnet(batchNormalization: true),
        ]
        XCTAssertEqual(Set(fixture.keys), Set(models.keys))
        for (name, text) in fixture { XCTAssertEqual(models[name]!.summaryText(), text as! String, name) }
        XCTAssertEqual(models["mnist_convnet"]!.countParams(), 34_826)
    }

    func testFitHistoriesMatchKeras() throws {
        let fixture = try Fixtures.load("convnet_fit")
        let x = Fixtures.tensor(fixture["x"]), y = Fixtures.tensor(fixture["y"])
        for case_ in fixture["cases"] as! [[String: Any]] {
            let batchNormalization = case_["batch_normalization"] as! Bool
            let model = Self.tinyConvnet(batchNormalization: batchNormalization)
            try model.setWeights(Fixtures.tensors(case_["initial_weights"]))
            let rate = ((case_["config"] as! [String: Any])["learning_rate"] as! NSNumber).floatValue
            model.compile(optimizer: Adam(learningRate: rate), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            let history = try model.fit(x, y, epochs: (case_["epochs"] as! NSNumber).intValue,
                                        batchSize: (case_["batch_size"] as! NSNumber).intValue, shuffle: false, verbose: 0)
            let label = "tiny convnet, batch normalization \(batchNormalization)"
            for (key, values) in case_["history"] as! [String: [NSNumber]] {
                for (epoch, value) in values.enumerated() {
                    assertClose(history.history[key]![epoch], value.floatValue, relative: 1e-3, absolute: 1e-3, "\(label) \(key) epoch \(epoch)")
                }
            }
            let scores = try model.evaluate(x, y, batchSize: 8, verbose: 0)
            for (key, value) in case_["evaluate"] as! [String: NSNumber] {
                assertClose(scores[key]!, value.floatValue, relative: 1e-3, absolute: 1e-3, "\(label) evaluate \(key)")
            }
            for (index, (actual, expected)) in zip(model.getWeights(), Fixtures.tensors(case_["final_weights"])).enumerated() {
                assertClose(actual, expected, relative: 1e-3, absolute: 1e-3, "\(label) final weight \(index)")
            }
            assertClose(try model.predict(x[0..<3], verbose: 0), Fixtures.tensor(case_["predict"]), relative: 1e-3, absolute: 1e-3, "\(label) predict")
            if batchNormalization {
                let layer = model.layers[1] as! BatchNormalization
                assertClose(layer.movingMean!.value, Fixtures.tensor(case_["moving_mean_after"]), relative: 1e-3, absolute: 1e-3, "moving mean")
                assertClose(layer.movingVariance!.value, Fixtures.tensor(case_["moving_variance_after"]), relative: 1e-3, absolute: 1e-3, "moving variance")
            }
        }
    }
}
