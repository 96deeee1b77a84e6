import Foundation
import XCTest
@testable import SwiftKeras

/// `save(to:)` / `Sequential.load(from:)`: the same model, bit for bit, and training that continues exactly.
final class ModelRoundTripTests: XCTestCase {
    func testLoadedModelPredictsBitIdenticallyAndKeepsNamesAndCompileSettings() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        try model.fit(x, y, epochs: 2, batchSize: 8, verbose: 0)
        let path = folder + "/model.swiftkeras"
        try model.save(to: path)

        let restored = try Sequential.load(from: path)
        XCTAssertEqual(try restored.predict(x, verbose: 0), try model.predict(x, verbose: 0))
        XCTAssertEqual(restored.getWeights(), model.getWeights())
        XCTAssertEqual(restored.name, model.name)
        XCTAssertEqual(restored.layers.map(\.name), model.layers.map(\.name))
        XCTAssertEqual(restored.layers.map(\.className), ["Flatten", "Dense", "Dense"])
        XCTAssertEqual(restored.inputShape, [2, 3])
        XCTAssertEqual(restored.shuffleSeed, model.shuffleSeed)
        XCTAssertEqual(restored.optimizer?.config, model.optimizer?.config)
        XCTAssertEqual(restored.optimizer?.iterations, 6)
        XCTAssertEqual(restored.loss?.name, "sparse_categorical_crossentropy")
        XCTAssertEqual(restored.metrics, [.accuracy])
        XCTAssertEqual(try restored.evaluate(x, y, verbose: 0), try model.evaluate(x, y, verbose: 0))
    }

    func testResumingAfterEpochTwoGivesTheWeightsOfAnUninterruptedFourEpochRun() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = SavingTestSupport.classificationData()
        let optimizers: [() -> any Optimizer] = [
            { Adam(learningRate: 0.01) }, { SGD(learningRate: 0.1, momentum: 0.9, nesterov: true) },
            { RMSprop(learningRate: 0.01, momentum: 0.5, centered: true) }, { Adagrad(learningRate: 0.1) },
            { AdamW(learningRate: 0.01, amsgrad: true) },
        ]
        for makeOptimizer in optimizers {
            let uninterrupted = SavingTestSupport.classifier()
            uninterrupted.compile(optimizer: makeOptimizer(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            let full = try uninterrupted.fit(x, y, epochs: 4, batchSize: 5, validationSplit: 0.25, verbose: 0)

            let interrupted = SavingTestSupport.classifier()
            interrupted.compile(optimizer: makeOptimizer(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
            try interrupted.fit(x, y, epochs: 2, batchSize: 5, validationSplit: 0.25, verbose: 0)
            let path = folder + "/epoch2.swiftkeras"
            try interrupted.save(to: path)
            let resumed = try Sequential.load(from: path)
            let rest = try resumed.fit(x, y, epochs: 4, batchSize: 5, validationSplit: 0.25, verbose: 0, initialEpoch: 2)

            let name = uninterrupted.optimizer!.config["class_name"]!
            XCTAssertEqual(resumed.getWeights(), uninterrupted.getWeights(), "\(name)")
            XCTAssertEqual(rest.epoch, [2, 3])
            XCTAssertEqual(rest.history["val_loss"], Array(full.history["val_loss"]![2...]), "\(name)")
        }
    }

    func testSavedArchitectureIsShapedLikeKerasConfigJSON() throws {
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .categoricalCrossentropy(fromLogits: true),
                      metrics: [.categoricalAccuracy])
        let file = try ModelFile(SavedBytes(path: "memory", bytes: [UInt8](try model.encodedModelFile())))
        let config = file.document.value["model"]!
        XCTAssertEqual(config["class_name"], .string("Sequential"))
        XCTAssertEqual(config["build_config"]?["input_shape"], .array([.null, .number(2), .number(3)]))
        let layers = config["config"]!["layers"]!.arrayValue!
        XCTAssertEqual(layers.map { $0["class_name"]!.stringValue! }, ["InputLayer", "Flatten", "Dense", "Dense"])
        XCTAssertEqual(layers[0]["config"]?["batch_shape"], .array([.null, .number(2), .number(3)]))
        let dense = layers[2]["config"]!
        XCTAssertEqual(dense["units"], .number(5))
        XCTAssertEqual(dense["activation"], .string("relu"))
        XCTAssertEqual(dense["kernel_initializer"]?["class_name"], .string("GlorotUniform"))
        let compile = config["compile_config"]!
        XCTAssertEqual(compile["optimizer"]?["class_name"], .string("SGD"))
        XCTAssertEqual(compile["optimizer"]?["config"]?["momentum"]?.doubleValue.map(Float.init), 0.9)
        XCTAssertEqual(compile["loss"]?["class_name"], .string("CategoricalCrossentropy"))
        XCTAssertEqual(compile["loss"]?["config"]?["from_logits"], .bool(true))
        XCTAssertEqual(compile["metrics"], .array([.string("categorical_accuracy")]))
    }

    func testLoadingDoesNotDisturbTheGlobalRandomState() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/model.swiftkeras"
        try SavingTestSupport.classifier().save(to: path)
        setRandomSeed(3)
        let expected = GlobalRandom.nextSeed()
        setRandomSeed(3)
        _ = try Sequential.load(from: path)
        XCTAssertEqual(GlobalRandom.nextSeed(), expected)
    }

    func testUncompiledModelRoundTripsWithoutCompileSettings() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let model = SavingTestSupport.classifier()
        try model.save(to: folder + "/plain.swiftkeras")
        let restored = try Sequential.load(from: folder + "/plain.swiftkeras")
        XCTAssertNil(restored.optimizer)
        XCTAssertEqual(restored.getWeights(), model.getWeights())
    }

    func testLoadingWithoutCompileKeepsTheWeightsAndSkipsTheOptimizer() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy())
        try model.fit(x, y, epochs: 1, batchSize: 8, verbose: 0)
        try model.save(to: folder + "/adam.swiftkeras")
        let restored = try Sequential.load(from: folder + "/adam.swiftkeras", compile: false)
        XCTAssertNil(restored.optimizer)
        XCTAssertEqual(restored.getWeights(), model.getWeights())
    }

    func testCustomLossMustBeSuppliedWhenLoading() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(), loss: .custom { yTrue, yPred in (yPred - yTrue).abs().mean() })
        try model.save(to: folder + "/custom.swiftkeras")
        SavingTestSupport.assertThrows(["custom loss", "customLoss"]) { _ = try Sequential.load(from: folder + "/custom.swiftkeras") }
        XCTAssertEqual(try Sequential.load(from: folder + "/custom.swiftkeras", customLoss: .meanAbsoluteError).loss?.name,
                       "mean_absolute_error")
        XCTAssertNil(try Sequential.load(from: folder + "/custom.swiftkeras", compile: false).optimizer)
    }

    func testSavingAnUnbuiltModelThrows() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        SavingTestSupport.assertThrows(["built"]) { try Sequential([Dense(3)]).save(to: folder + "/unbuilt.swiftkeras") }
        SavingTestSupport.assertThrows(["built"]) { try Sequential([Dense(3)]).saveWeights(to: folder + "/unbuilt.safetensors") }
    }
}
