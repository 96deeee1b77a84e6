import Foundation
import XCTest

/// Every example builds (this target depends on them) and, run for one epoch on a few hundred samples,
/// exits with status 0 after printing its results and writing its pictures.
final class ExamplesTests: XCTestCase {
    private var workFolder = ""

    override func setUpWithError() throws {
        workFolder = (NSTemporaryDirectory() as NSString).appendingPathComponent("swiftkeras-example-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: workFolder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: workFolder)
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: ExampleTestData.temporaryRoot)
        super.tearDown()
    }

    /// Runs `name` for one epoch on the test data and checks that it succeeded and printed each of `expected`.
    @discardableResult
    private func runExample(_ name: String, printing expected: [String]) throws -> ExampleRun {
        let data = try ExampleTestData.prepared.get()
        let run = try ExampleRun.run(
            name, ["--epochs", "1", "--samples", "\(ExampleTestData.samples)", "--data", data.folder,
                   "--output", (workFolder as NSString).appendingPathComponent("out")],
            in: workFolder)
        XCTAssertEqual(run.status, 0, "\(name) on \(data.source) failed:\n\(run.output)")
        for text in expected {
            XCTAssertTrue(run.output.contains(text), "\(name) did not print '\(text)':\n\(run.output)")
        }
        return run
    }

    /// Checks that `file` in the output folder is a PNG: the signature, an IHDR chunk first, an IEND chunk last.
    private func assertWrotePNG(_ file: String, _ run: ExampleRun) throws {
        let path = (workFolder as NSString).appendingPathComponent("out/\(file)")
        XCTAssertTrue(run.output.contains(path), "the example did not say where \(file) is:\n\(run.output)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(file) lacks the PNG signature")
        XCTAssertEqual(String(decoding: bytes[12..<16], as: UTF8.self), "IHDR")
        XCTAssertEqual(String(decoding: bytes[(bytes.count - 8)..<(bytes.count - 4)], as: UTF8.self), "IEND")
    }

    func testGradientTapeMLPPrintsLossEvery100StepsAndTestAccuracy() throws {
        try runExample("GradientTapeMLP", printing: ["(500, 28, 28) (500, 10)", "0 0 loss:", "test accuracy:"])
    }

    func testGradientTapeAccuracyPrintsSummaryLossAccuracyMeterAndTestAccuracy() throws {
        try runExample("GradientTapeAccuracy", printing: ["datasets: (500, 28, 28) (500,) 0 255", "Total params: 235,146",
                                                          "0 loss:", "acc:", "test accuracy:"])
    }

    func testCheckpointedMLPTrainsBothNetworksSavesCheckpointsAndRestoresTheLast() throws {
        let run = try runExample("CheckpointedMLP", printing: ["Train epoch  1: loss", "Restored from", "Test accuracy:"])
        for checkpoint in ["mnist_fcn_01.swiftkeras", "mnist_fcn.swiftkeras"] {
            let path = (workFolder as NSString).appendingPathComponent("out/ModelSaving/\(checkpoint)")
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "no checkpoint \(path)")
        }
        // The restored model scores what the trained one scored.
        let accuracies = run.output.split(separator: "\n").filter { $0.hasPrefix("Test accuracy:") }
        XCTAssertEqual(accuracies.count, 3)
        XCTAssertEqual(accuracies.last, accuracies.dropLast().last, "the restored model scores differently:\n\(run.output)")
    }

    func testSequentialRMSpropPrintsTestAccuracyAndDrawsTrainingCurves() throws {
        let run = try runExample("SequentialRMSprop", printing: ["Epoch 1/1", "test_acc:"])
        try assertWrotePNG("training_history.png", run)
    }

    func testMNISTQuickstartPrintsSummaryEvaluatesPredictsAndDrawsDigits() throws {
        let run = try runExample("MNISTQuickstart", printing: [
            "(500, 28, 28)", "Total params: 101,770", "Epoch 1/1", "val_sparse_categorical_accuracy",
            "sparse_categorical_accuracy:", "test accuracy:",
        ])
        for picture in ["first_4_test_digits.png", "random_4_test_digits.png", "training_history.png"] {
            try assertWrotePNG(picture, run)
        }
    }

    func testConvNetPrintsSummaryTrainsEvaluatesAndSaves() throws {
        let run = try runExample("ConvNet", printing: [
            "x_train shape: (500, 28, 28, 1)", "Total params: 34,826", "max_pooling2d (MaxPooling2D)", "Epoch 1/1",
            "val_accuracy", "Test accuracy:", "test accuracy:",
        ])
        try assertWrotePNG("training_history.png", run)
        let saved = (workFolder as NSString).appendingPathComponent("out/mnist_convnet.swiftkeras")
        XCTAssertTrue(FileManager.default.fileExists(atPath: saved), "the trained model was not saved:\n\(run.output)")
    }

    func testExamplesRejectAnUnknownOptionWithStatus2AndTheUsage() throws {
        let run = try ExampleRun.run("MNISTQuickstart", ["--epoch", "1"], in: workFolder)
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.output.contains("unknown option --epoch"), run.output)
        XCTAssertTrue(run.output.contains("usage: MNISTQuickstart"), run.output)
    }

    func testUncaughtSwiftKerasErrorInAnExamplePrintsTheMessageAndExitsOne() throws {
        // A missing data folder is a SwiftKerasError: every example prints "error: <message>" and exits with 1,
        // the benchmark too, rather than trapping at top level.
        let missing = (workFolder as NSString).appendingPathComponent("no-such-mnist")
        for name in ["MNISTQuickstart", "TrainingBenchmark"] {
            let run = try ExampleRun.run(name, ["--data", missing, "--epochs", "1"], in: workFolder)
            XCTAssertEqual(run.status, 1, "\(name):\n\(run.output)")
            XCTAssertTrue(run.output.contains("error: "), "\(name):\n\(run.output)")
            XCTAssertTrue(run.output.contains("no-such-mnist"), "\(name):\n\(run.output)")
            XCTAssertFalse(run.output.contains("Fatal error"), "\(name):\n\(run.output)")
        }
    }
}
