import XCTest
@testable import SwiftKeras

/// Every image layer saves with the model and loads back with its arguments, weights (moving statistics included)
/// and safetensors names.
final class ImageLayerSavingTests: XCTestCase {
    func testEveryLayerRoundTrips() throws {
        setRandomSeed(12)
        clearSession()
        let model = Sequential([
            Input(shape: [12, 10, 3]),
            Rescaling(scale: 1 / 127.5, offset: -1),
            Conv2D(6, kernelSize: (3, 2), strides: (2, 1), padding: .same, activation: .relu),
            BatchNormalization(momentum: 0.9, epsilon: 0.01),
            MaxPooling2D(poolSize: (2, 2), strides: (1, 2), padding: .same),
            AveragePooling2D(poolSize: 2),
            ReLU(maxValue: 6, negativeSlope: 0.1, threshold: 0.5),
            Reshape([-1, 6]),
            Softmax(axis: 1),
            Reshape([3, 2, 6]),
            GlobalMaxPooling2D(keepdims: true),
            GlobalAveragePooling2D(),
            Dropout(0.25),
            Dense(4, activation: .sigmoid),
        ])
        var generator = SeededGenerator(seed: 3)
        let x = Tensor(shape: [8, 12, 10, 3], scalars: (0..<(8 * 360)).map { _ in Float(Int(generator.nextUniform() * 255)) })
        let y = Tensor(shape: [8, 4], scalars: (0..<32).map { Float($0 % 2) })
        model.compile(optimizer: Adam(), loss: .binaryCrossentropy(), metrics: [.binaryAccuracy])
        try model.fit(x, y, epochs: 2, batchSize: 4, verbose: 0)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("image-layers-\(UUID().uuidString).swiftkeras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let restored = try Sequential.load(from: path)
        XCTAssertEqual(restored.layers.map(\.className), model.layers.map(\.className))
        XCTAssertEqual(restored.layers.map { $0.config }, model.layers.map { $0.config })
        XCTAssertEqual(restored.getWeights(), model.getWeights())
        XCTAssertEqual(restored.summaryText(), model.summaryText())
        XCTAssertEqual(try restored.predict(x, verbose: 0), try model.predict(x, verbose: 0))
        XCTAssertEqual(try restored.evaluate(x, y, verbose: 0), try model.evaluate(x, y, verbose: 0))

        let weightsPath = path + ".safetensors"
        defer { try? FileManager.default.removeItem(atPath: weightsPath) }
        try model.saveWeights(to: weightsPath)
        try restored.loadWeights(from: weightsPath)
        XCTAssertEqual(restored.getWeights(), model.getWeights())
        XCTAssertEqual(model.variables.map(\.name).filter { $0.contains("batch_normalization") },
                       ["batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean",
                        "batch_normalization/moving_variance"])
    }
}
