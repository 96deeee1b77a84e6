import Foundation
import XCTest

/// Runs an example executable built beside the test bundle and captures what it prints.
struct ExampleRun {
    /// The exit status.
    let status: Int32
    /// Standard output and standard error, as they were printed.
    let output: String

    /// The folder holding the built executables: the one of the running `.xctest` (Linux: the test runner
    /// itself; macOS: the bundle inside the build folder), else `.build/debug` under the package root.
    static func executableFolder(for name: String) -> String? {
        var candidates = [
            URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path,
            Bundle.main.bundleURL.path,
            Bundle.main.bundleURL.deletingLastPathComponent().path,
        ]
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().path)
        }
        candidates.append((ExampleTestData.packageRoot as NSString).appendingPathComponent(".build/debug"))
        return candidates.first {
            FileManager.default.isExecutableFile(atPath: ($0 as NSString).appendingPathComponent(name))
        }
    }

    /// Runs `name` with `arguments` and waits for it to finish.
    ///
    /// - Parameters:
    ///   - name: the executable's name, e.g. `"MNISTQuickstart"`.
    ///   - arguments: its command-line arguments.
    ///   - directory: the working directory.
    static func run(_ name: String, _ arguments: [String], in directory: String) throws -> ExampleRun {
        guard let folder = executableFolder(for: name) else {
            try skipOrFailInCI("\(name) was not found beside the test bundle nor in .build/debug; build it with `swift build`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name))
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outputFile = (directory as NSString).appendingPathComponent("\(name).log")
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        let output = (try? String(contentsOfFile: outputFile, encoding: .utf8)) ?? ""
        return ExampleRun(status: process.terminationStatus, output: output)
    }
}
