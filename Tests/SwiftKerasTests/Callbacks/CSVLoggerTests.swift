import Foundation
import XCTest
@testable import SwiftKeras

/// CSVLogger writes what Keras's CSVLogger (Python's csv module) writes.
final class CSVLoggerTests: XCTestCase {
    private func drive(_ logger: CSVLogger, _ epochs: [[String: Float]]) {
        logger.setModel(CallbackDriver.model())
        logger.onTrainBegin(logs: [:])
        for (epoch, logs) in epochs.enumerated() { logger.onEpochEnd(epoch, logs: logs) }
        logger.onTrainEnd(logs: [:])
    }

    private func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testRowsHoldTheEpochAndSortedKeysWithPythonReprValues() throws {
        let path = try SavingTestSupport.temporaryFolder(for: self) + "/log.csv"
        drive(CSVLogger(filename: path), [["loss": 0.5, "accuracy": 0.25], ["loss": 0.1, "accuracy": 0.75]])
        // Python: repr(float(np.float32(0.1))) == "0.10000000149011612"; csv rows end with "\r\n".
        XCTAssertEqual(try read(path), "epoch,accuracy,loss\r\n0,0.25,0.5\r\n1,0.75,0.10000000149011612\r\n")
    }

    func testAppendContinuesWithoutRepeatingTheHeader() throws {
        let path = try SavingTestSupport.temporaryFolder(for: self) + "/log.csv"
        drive(CSVLogger(filename: path, separator: ";"), [["loss": 2]])
        drive(CSVLogger(filename: path, separator: ";", append: true), [["loss": 1]])
        XCTAssertEqual(try read(path), "epoch;loss\r\n0;2.0\r\n0;1.0\r\n")
        drive(CSVLogger(filename: path), [["loss": 3]])
        XCTAssertEqual(try read(path), "epoch,loss\r\n0,3.0\r\n")
    }

    func testMissingValuesAreWrittenAsNA() throws {
        let path = try SavingTestSupport.temporaryFolder(for: self) + "/log.csv"
        drive(CSVLogger(filename: path), [["loss": 1, "val_loss": 2], ["loss": 0.5]])
        XCTAssertEqual(try read(path), "epoch,loss,val_loss\r\n0,1.0,2.0\r\n1,0.5,NA\r\n")
    }

    func testFitLogsEveryEpochsHistory() throws {
        let path = try SavingTestSupport.temporaryFolder(for: self) + "/fit.csv"
        let (x, y) = CallbackDriver.data()
        let history = try CallbackDriver.model().fit(x, y, epochs: 3, batchSize: 4, validationSplit: 0.25, verbose: 0,
                                                     callbacks: [CSVLogger(filename: path)])
        let lines = try read(path).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines[0], "epoch,accuracy,loss,val_accuracy,val_loss")
        XCTAssertEqual(lines.count, 4)
        for (epoch, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",").map(String.init)
            XCTAssertEqual(fields[0], String(epoch))
            XCTAssertEqual(Float(Double(fields[2])!), history.history["loss"]![epoch])
            XCTAssertEqual(Float(Double(fields[4])!), history.history["val_loss"]![epoch])
        }
    }
}
