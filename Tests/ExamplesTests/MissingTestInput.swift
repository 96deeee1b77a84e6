import Foundation
import XCTest

/// Whether the tests run under `CI=true`, where everything from outside the repository must be present.
var runningInCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

/// Something the example runs need from outside the repository (the built examples, `../shared/datasets`)
/// is absent while the tests run under `CI=true`.
struct MissingTestInput: Error, CustomStringConvertible {
    let description: String
}

/// Ends a test whose input from outside the repository is absent: a skip with `message` on a developer's
/// machine, a failure (a thrown `MissingTestInput`) when the environment variable `CI` is `"true"`.
func skipOrFailInCI(_ message: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
    if runningInCI {
        throw MissingTestInput(description: "\(file):\(line): CI=true, so this fails instead of skipping: \(message)")
    }
    throw XCTSkip(message, file: file, line: line)
}
