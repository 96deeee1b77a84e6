import Foundation
import XCTest
@testable import SwiftKeras

/// The TensorBoard callback's event files, read back by the tests' own decoder (EventFileDecoder) with both
/// CRC-32Cs of every record checked. `Tests/Fixtures/check_tensorboard.py` reads the same files with the real
/// `tensorboard` package: run this test with `SWIFTKERAS_TENSORBOARD_LOGDIR=/some/folder` to keep them there.
final class TensorBoardTests: XCTestCase {
    private func logFolder() throws -> String {
        if let kept = ProcessInfo.processInfo.environment["SWIFTKERAS_TENSORBOARD_LOGDIR"] {
            try? FileManager.default.removeItem(atPath: kept)
            return kept
        }
        return try SavingTestSupport.temporaryFolder(for: self) + "/logs"
    }

    /// The one event file in `folder`, after checking its name: events.out.tfevents.<seconds>.<host>.<pid>.v2.
    private func eventFile(in folder: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        XCTAssertEqual(names.count, 1, "\(names)", file: file, line: line)
        let name = try XCTUnwrap(names.first)
        let info = ProcessInfo.processInfo
        XCTAssertTrue(name.hasPrefix("events.out.tfevents."), name, file: file, line: line)
        XCTAssertTrue(name.hasSuffix(".\(info.hostName).\(info.processIdentifier).v2"), name, file: file, line: line)
        let seconds = try XCTUnwrap(Double(name.split(separator: ".")[3]))
        XCTAssertLessThan(Swift.abs(seconds - Date().timeIntervalSince1970), 600, file: file, line: line)
        return folder + "/" + name
    }

    private func scalars(_ event: EventFileDecoder.Event) -> [String: Float] {
        Dictionary(uniqueKeysWithValues: event.scalars.map { ($0.tag, $0.value) })
    }

    func testThreeEpochFitWritesEpochScalarsThatAnIndependentDecoderReadsBack() throws {
        let logs = try logFolder()
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        let schedule = ExponentialDecay(initialLearningRate: 0.05, decaySteps: 4, decayRate: 0.5)
        model.compile(optimizer: Adam(learningRate: schedule), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        // 18 training samples in batches of 5: four updates per epoch.
        let history = try model.fit(x, y, epochs: 3, batchSize: 5, validationSplit: 0.25, verbose: 0,
                                    callbacks: [TensorBoard(logDir: logs)])

        let train = try EventFileDecoder.events(atPath: try eventFile(in: logs + "/train"))
        XCTAssertEqual(train.first?.fileVersion, "brain.Event:2")
        XCTAssertEqual(train.first?.scalars.count, 0)
        XCTAssertEqual(train.dropFirst().map(\.step), [0, 1, 2])
        for (epoch, event) in train.dropFirst().enumerated() {
            let values = scalars(event)
            XCTAssertEqual(Set(values.keys), ["epoch_loss", "epoch_accuracy", "epoch_learning_rate"])
            XCTAssertEqual(values["epoch_loss"], history.history["loss"]![epoch])
            XCTAssertEqual(values["epoch_accuracy"], history.history["accuracy"]![epoch])
            XCTAssertEqual(values["epoch_learning_rate"], schedule(4 * (epoch + 1)), "the rate the next update uses")
            XCTAssertLessThan(Swift.abs(event.wallTime! - Date().timeIntervalSince1970), 600)
        }

        let validation = try EventFileDecoder.events(atPath: try eventFile(in: logs + "/validation"))
        XCTAssertEqual(validation.first?.fileVersion, "brain.Event:2")
        let epochEvents = validation.filter { scalars($0)["epoch_loss"] != nil }
        XCTAssertEqual(epochEvents.map(\.step), [0, 1, 2])
        for (epoch, event) in epochEvents.enumerated() {
            XCTAssertEqual(scalars(event), ["epoch_loss": history.history["val_loss"]![epoch],
                                            "epoch_accuracy": history.history["val_accuracy"]![epoch]])
        }
        let evaluationEvents = validation.filter { scalars($0)["evaluation_loss_vs_iterations"] != nil }
        XCTAssertEqual(evaluationEvents.map(\.step), [4, 8, 12])
        XCTAssertEqual(evaluationEvents.map { scalars($0)["evaluation_loss_vs_iterations"]! }, history.history["val_loss"])
    }

    func testBatchScalarsAreWrittenEveryNBatchesAtTheGlobalBatchCount() throws {
        let logs = try SavingTestSupport.temporaryFolder(for: self) + "/logs"
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(learningRate: 0.1), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        try model.fit(x, y, epochs: 3, batchSize: 5, verbose: 0, callbacks: [TensorBoard(logDir: logs, updateFreq: .batches(2))])
        // 24 samples in batches of 5: five batches per epoch, fifteen in all; every second one is written.
        let events = try EventFileDecoder.events(atPath: try eventFile(in: logs + "/train"))
        let batchEvents = events.filter { scalars($0)["batch_loss"] != nil }
        XCTAssertEqual(batchEvents.map(\.step), [2, 4, 6, 8, 10, 12, 14])
        XCTAssertEqual(Set(batchEvents.flatMap { $0.scalars.map(\.tag) }), ["batch_loss", "batch_accuracy"])
        XCTAssertEqual(events.filter { scalars($0)["epoch_loss"] != nil }.map(\.step), [0, 1, 2])
        XCTAssertFalse(FileManager.default.fileExists(atPath: logs + "/validation"), "no validation data, no validation run")
    }

    func testTheDecoderRejectsAFileWithOneByteChanged() throws {
        let logs = try SavingTestSupport.temporaryFolder(for: self) + "/logs"
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy())
        try model.fit(x, y, epochs: 1, verbose: 0, callbacks: [TensorBoard(logDir: logs)])
        let path = try eventFile(in: logs + "/train")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(try EventFileDecoder.events(atPath: path).count, 2)
        bytes[bytes.count - 6] ^= 0x01   // inside the last record's data
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try EventFileDecoder.events(atPath: path))
    }

    func testCRC32CMatchesTheStandardCheckValueAndTheBitwiseDefinition() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
        var generator = SeededGenerator(seed: 5)
        let bytes = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        XCTAssertEqual(CRC32C.checksum(bytes), EventFileDecoder.crc32c(bytes[...]))
        XCTAssertEqual(CRC32C.masked(bytes), EventFileDecoder.masked(EventFileDecoder.crc32c(bytes[...])))
    }

    func testUnwritableLogFolderEndsFitWithAnError() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let blocker = folder + "/file"
        XCTAssertTrue(FileManager.default.createFile(atPath: blocker, contents: Data([1])))
        let (x, y) = SavingTestSupport.classificationData()
        let model = SavingTestSupport.classifier()
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy())
        assertThrows(.io, mentioning: ["TensorBoard", blocker]) {
            try model.fit(x, y, verbose: 0, callbacks: [TensorBoard(logDir: blocker)])
        }
    }
}
