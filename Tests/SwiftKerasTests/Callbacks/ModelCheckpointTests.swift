import Foundation
import XCTest
@testable import SwiftKeras

/// ModelCheckpoint: Keras's filepath templates, save-best logic and save frequency, and atomic writes.
final class ModelCheckpointTests: XCTestCase {
    override func tearDown() {
        AtomicFile.beforeRename = nil
        super.tearDown()
    }

    private func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    func testFilepathTemplatesFormatLikePythonStrFormat() throws {
        // Python: "{epoch:02d}".format(epoch=3) == "03", format(0.123456, ".4f") == "0.1235",
        // format(1234.5, ".2e") == "1.23e+03", format(0.25, ".1%") == "25.0%", str(0.5) == "0.5".
        let values: [String: FilepathTemplate.Value] = ["epoch": .int(3), "val_loss": .float(0.123456),
                                                        "loss": .float(0.5), "big": .float(1234.5)]
        XCTAssertEqual(try FilepathTemplate.format("ckpt_{epoch:02d}.swiftkeras", values), "ckpt_03.swiftkeras")
        XCTAssertEqual(try FilepathTemplate.format("{epoch}-{val_loss:.4f}", values), "3-0.1235")
        XCTAssertEqual(try FilepathTemplate.format("{big:.2e}|{val_loss:8.3f}|{loss:.1%}", values), "1.23e+03|   0.123|50.0%")
        XCTAssertEqual(try FilepathTemplate.format("{{epoch}}_{loss}", values), "{epoch}_0.5")
        SavingTestSupport.assertThrows(["{val_acc}", "available"]) { _ = try FilepathTemplate.format("{val_acc}", values) }
        SavingTestSupport.assertThrows(["'d' needs an integer"]) { _ = try FilepathTemplate.format("{loss:d}", values) }
    }

    func testHugeWidthsAndPrecisionsThrowNamingTheTemplateInsteadOfRunningForMinutes() {
        let values: [String: FilepathTemplate.Value] = ["epoch": .int(3), "loss": .float(0.5)]
        for template in ["{epoch:0300000000d}", "{loss:.300000000f}", "{loss:99999999999999999999999.2f}", "{epoch:256d}"] {
            let start = Date()
            SavingTestSupport.assertThrows([template, "larger than 255"]) { _ = try FilepathTemplate.format(template, values) }
            XCTAssertLessThan(Date().timeIntervalSince(start), 1)
        }
        XCTAssertEqual(try FilepathTemplate.format("{epoch:03d}", values), "003")
    }

    func testSavesEveryEpochUnderTheTemplatedNames() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        try model.fit(x, y, epochs: 3, batchSize: 4, verbose: 0,
                      callbacks: [ModelCheckpoint(filepath: folder + "/ckpt_{epoch:02d}.swiftkeras")])
        XCTAssertEqual(try files(folder), ["ckpt_01.swiftkeras", "ckpt_02.swiftkeras", "ckpt_03.swiftkeras"])
        let last = try Sequential.load(from: folder + "/ckpt_03.swiftkeras")
        XCTAssertEqual(last.getWeights(), model.getWeights())
        XCTAssertEqual(last.optimizer?.iterations, 9)
    }

    func testSaveBestOnlyWritesOnlyImprovements() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let checkpoint = ModelCheckpoint(filepath: folder + "/best_{epoch}_{val_loss:.2f}.swiftkeras", saveBestOnly: true)
        CallbackDriver.run(checkpoint, on: CallbackDriver.model(), "val_loss", [0.5, 0.4, 0.6, 0.3, 0.3])
        XCTAssertEqual(try files(folder), ["best_1_0.50.swiftkeras", "best_2_0.40.swiftkeras", "best_4_0.30.swiftkeras"])
        XCTAssertEqual(checkpoint.best, 0.3)

        let maxFolder = try SavingTestSupport.temporaryFolder(for: self)
        let byAccuracy = ModelCheckpoint(filepath: maxFolder + "/acc_{epoch}.swiftkeras", monitor: "val_accuracy",
                                         saveBestOnly: true, initialValueThreshold: 0.55)
        CallbackDriver.run(byAccuracy, on: CallbackDriver.model(), "val_accuracy", [0.5, 0.6, 0.55, 0.7])
        XCTAssertEqual(try files(maxFolder), ["acc_2.swiftkeras", "acc_4.swiftkeras"])
    }

    func testSaveWeightsOnlyWritesSafetensors() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        try model.fit(x, y, epochs: 2, batchSize: 4, verbose: 0,
                      callbacks: [ModelCheckpoint(filepath: folder + "/w.safetensors", saveWeightsOnly: true)])
        let copy = CallbackDriver.model()
        try copy.loadWeights(from: folder + "/w.safetensors")
        XCTAssertEqual(copy.getWeights(), model.getWeights())
    }

    func testBatchFrequencyCountsBatchesAcrossEpochs() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let (x, y) = CallbackDriver.data()
        try CallbackDriver.model().fit(x, y, epochs: 2, batchSize: 4, verbose: 0,
                                       callbacks: [ModelCheckpoint(filepath: folder + "/b_{epoch}_{batch}.swiftkeras", saveFreq: 2)])
        XCTAssertEqual(try files(folder), ["b_1_2.swiftkeras", "b_2_1.swiftkeras", "b_2_3.swiftkeras"])
    }

    func testInterruptedWriteLeavesThePreviousCheckpointIntact() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/latest.swiftkeras"
        let (x, y) = CallbackDriver.data()
        let model = CallbackDriver.model()
        try model.fit(x, y, epochs: 1, batchSize: 4, verbose: 0, callbacks: [ModelCheckpoint(filepath: path)])
        let firstEpochWeights = model.getWeights()
        let firstBytes = try Data(contentsOf: URL(fileURLWithPath: path))

        AtomicFile.beforeRename = { _ in throw SwiftKerasError.io("simulated crash before the rename") }
        SavingTestSupport.assertThrows(["simulated crash"]) {
            try model.fit(x, y, epochs: 3, batchSize: 4, verbose: 0, callbacks: [ModelCheckpoint(filepath: path)])
        }
        AtomicFile.beforeRename = nil
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), firstBytes)
        XCTAssertEqual(try Sequential.load(from: path).getWeights(), firstEpochWeights)
        XCTAssertEqual(try files(folder), ["latest.swiftkeras"], "no temporary file is left behind")
    }
}
