import SwiftKeras
import XCTest

/// A layer written outside the library (plain `import SwiftKeras`): it doubles its input only when training, and
/// remembers the training flag of every call.
final class DoubleWhenTraining: Layer {
    var name: String
    var inputShape: [Int]?
    /// The factor applied in training (saved in the config).
    let factor: Float
    /// The `training` argument of each call, in order.
    var trainingFlags: [Bool] = []

    init(factor: Float = 2) {
        self.factor = factor
        name = uniqueLayerName("double_when_training")
    }

    required init(config: [String: JSONValue]) throws {
        factor = try config.float("factor")
        name = try config.string("name")
    }

    func build(inputShape: [Int]) throws { self.inputShape = inputShape }

    func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        trainingFlags.append(training)
        return training ? input * factor : input
    }

    var config: [String: JSONValue] { baseConfig(["factor": .number(Double(factor))]) }
}

final class CustomLayerTests: XCTestCase {
    private func data() -> (x: Tensor, y: Tensor) {
        let x = Tensor(shape: [12, 3], scalars: (0..<36).map { Float(sin(Double($0))) })
        return (x, Tensor(shape: [12], scalars: (0..<12).map { Float($0 % 2) }))
    }

    private func model(_ layer: DoubleWhenTraining) -> Sequential {
        setRandomSeed(1)
        return Sequential([Input(shape: [3]), Dense(4, activation: .tanh), layer, Dense(2, activation: .softmax)])
    }

    func testFitTrainsAndEvaluateAndPredictInferWithAUserLayer() throws {
        let layer = DoubleWhenTraining()
        let network = model(layer)
        network.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy())
        let (x, y) = data()
        try network.fit(x, y, epochs: 1, batchSize: 4, shuffle: false, verbose: 0)
        XCTAssertEqual(layer.trainingFlags, [true, true, true], "fit calls layers with training: true")
        layer.trainingFlags = []
        _ = try network.evaluate(x, y, batchSize: 6, verbose: 0)
        XCTAssertEqual(layer.trainingFlags, [false, false], "evaluate calls layers with training: false")
        layer.trainingFlags = []
        _ = try network.predict(x, batchSize: 12, verbose: 0)
        XCTAssertEqual(layer.trainingFlags, [false], "predict calls layers with training: false")
        // The flag changes the numbers: the training forward pass doubles the hidden activations.
        XCTAssertNotEqual(network(x, training: true), network(x))
        XCTAssertEqual(layer(x, training: true), x * 2)
        XCTAssertEqual(layer(x), x)
    }

    func testRegisteredUserLayerSavesAndLoads() throws {
        registerLayer(DoubleWhenTraining.self)
        let network = model(DoubleWhenTraining(factor: 3))
        network.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy())
        let (x, y) = data()
        try network.fit(x, y, epochs: 2, batchSize: 4, verbose: 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custom-layer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("model.swiftkeras").path
        try network.save(to: path)

        let restored = try Sequential.load(from: path)
        let loadedLayer = try XCTUnwrap(restored.layers[1] as? DoubleWhenTraining)
        XCTAssertEqual(loadedLayer.factor, 3)
        XCTAssertEqual(loadedLayer.name, network.layers[1].name)
        XCTAssertEqual(loadedLayer.className, "DoubleWhenTraining")
        XCTAssertEqual(try restored.predict(x, verbose: 0), try network.predict(x, verbose: 0))
        XCTAssertEqual(restored(x, training: true), network(x, training: true))
        XCTAssertEqual(restored.countParams(), network.countParams())
    }

    func testUnregisteredLayerClassFailsToLoadWithAHint() throws {
        final class Unregistered: Layer {
            var name = uniqueLayerName("unregistered")
            var inputShape: [Int]?
            init() {}
            required init(config: [String: JSONValue]) throws { name = try config.string("name") }
            func build(inputShape: [Int]) throws { self.inputShape = inputShape }
            func callAsFunction(_ input: Tensor, training: Bool) -> Tensor { input }
            var config: [String: JSONValue] { baseConfig() }
        }
        setRandomSeed(2)
        let network = Sequential([Input(shape: [3]), Unregistered(), Dense(2)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unregistered-\(UUID().uuidString).swiftkeras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try network.save(to: path)
        XCTAssertThrowsError(try Sequential.load(from: path)) { error in
            let message = (error as? SwiftKerasError)?.message ?? ""
            XCTAssertTrue(message.contains("Unregistered") && message.contains("registerLayer"), message)
        }
    }
}

/// README's example of a user layer, verbatim.
final class Scale: Layer {
    var name = uniqueLayerName("scale")
    var inputShape: [Int]?
    let factor: Float
    init(_ factor: Float) { self.factor = factor }
    required init(config: [String: JSONValue]) throws { factor = try config.float("factor"); name = try config.string("name") }
    func build(inputShape: [Int]) throws { self.inputShape = inputShape }
    func callAsFunction(_ x: Tensor, training: Bool) -> Tensor { training ? x * factor : x }
    var config: [String: JSONValue] { baseConfig(["factor": .number(Double(factor))]) }
}

final class ReadmeLayerTests: XCTestCase {
    func testReadmeScaleLayerSavesAndLoads() throws {
        registerLayer(Scale.self)
        setRandomSeed(4)
        let model = Sequential([Input(shape: [2]), Scale(3), Dense(1)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scale-\(UUID().uuidString).swiftkeras").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let restored = try Sequential.load(from: path)
        XCTAssertEqual((restored.layers[0] as? Scale)?.factor, 3)
        let x = Tensor([[1, 2]])
        XCTAssertEqual(restored(x, training: true), model(x, training: true))
    }
}
