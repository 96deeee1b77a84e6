import Foundation
import XCTest

/// Something a test needs from outside the repository (`../shared` data or fixtures, python3 with
/// safetensors) is absent while the tests run under `CI=true`.
struct MissingTestInput: Error, CustomStringConvertible {
    let description: String
}

/// Ends a test whose input from outside the repository is absent: a skip with `message` on a developer's
/// machine, a failure (a thrown `MissingTestInput`) when the environment variable `CI` is `"true"`, where the
/// shared folder and the tools `.ci/run` installs must be there.
func skipOrFailInCI(_ message: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
    if ProcessInfo.processInfo.environment["CI"] == "true" {
        throw MissingTestInput(description: "\(file):\(line): CI=true, so this fails instead of skipping: \(message)")
    }
    throw XCTSkip(message, file: file, line: line)
}
