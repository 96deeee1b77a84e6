import Foundation
import XCTest
@testable import SwiftKeras

/// Tiny models, data and scratch folders shared by the saving and callback tests.
enum SavingTestSupport {
    /// A fresh empty folder, removed when the test ends.
    static func temporaryFolder(for test: XCTestCase) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("swiftkeras-saving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// Flatten [2, 3] -> Dense(5, relu) -> Dense(3, softmax), seeded so that two calls give the same model.
    static func classifier(seed: Int = 7) -> Sequential {
        setRandomSeed(seed)
        clearSession()
        return Sequential([Flatten(inputShape: [2, 3]), Dense(5, activation: .relu), Dense(3, activation: .softmax)])
    }

    /// 24 samples of shape [2, 3] with labels 0, 1, 2 that depend on the inputs.
    static func classificationData(count: Int = 24) -> (x: Tensor, y: Tensor) {
        let x = (0..<(count * 6)).map { Float(sin(Double($0) * 0.7)) }
        let y: [Float] = (0..<count).map { row in
            let first: Float = x[row * 6] + x[row * 6 + 4] > 0 ? 1 : 0
            let second: Float = x[row * 6 + 2] > 0.5 ? 1 : 0
            return first + second
        }
        return (Tensor(shape: [count, 2, 3], scalars: x), Tensor(shape: [count], scalars: y))
    }

    /// A Python 3 with numpy and safetensors, or a skip saying what is missing (a failure under CI=true,
    /// where `.ci/run` installs them).
    static func requirePythonSafetensors() throws {
        let (status, output) = runPython("import numpy, safetensors.numpy")
        if status != 0 {
            try skipOrFailInCI("python3 with numpy and safetensors is needed (python3 -m pip install safetensors numpy): \(output)")
        }
    }

    /// Runs `python3 -c script` with arguments; the exit status and the combined output.
    @discardableResult
    static func runPython(_ script: String, _ arguments: [String] = []) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "cannot run python3: \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Asserts that `body` throws a `SwiftKerasError` whose message contains every one of `fragments`.
    static func assertThrows(_ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                             _ body: () throws -> Void) {
        do {
            try body()
            XCTFail("expected a SwiftKerasError mentioning \(fragments)", file: file, line: line)
        } catch let error as SwiftKerasError {
            for fragment in fragments where !error.message.contains(fragment) {
                XCTFail("\(error) does not mention \"\(fragment)\"", file: file, line: line)
            }
        } catch {
            XCTFail("expected a SwiftKerasError, got \(error)", file: file, line: line)
        }
    }
}
