// NumPy's sgemm as a peer in the same sitting: a `numpy_sgemm.py --serve` child process per thread count, asked
// for one shape at a time between our own measurements.

import Foundation

/// A running `numpy_sgemm.py --serve` process with `OPENBLAS_NUM_THREADS` fixed.
final class NumPyPeer {
    let process = Process()
    let input = Pipe(), output = Pipe()
    /// NumPy's version, as the child reports it.
    private(set) var version = ""
    private var buffer = Data()

    /// Starts the child (python3, or `$SWIFTKERAS_PYTHON`); nil when it cannot start or has no numpy.
    init?(threads: Int, script: URL) {
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "\(threads)"
        environment["OPENBLAS_CORETYPE"] = nil
        environment["OPENBLAS_L2_SIZE"] = nil
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [environment["SWIFTKERAS_PYTHON"] ?? "python3", script.path, "--serve"]
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        guard let ready = readLine(), ready.hasPrefix("ready") else { return nil }
        version = String(ready.dropFirst("ready".count)).trimmingCharacters(in: .whitespaces)
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// One line of the child's output, or nil at its end.
    private func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// NumPy's median and best seconds per product for `shape`, or nil if the child failed.
    func seconds(_ shape: Shape) -> (median: Double, best: Double)? {
        input.fileHandleForWriting.write(Data("\(shape.layout) \(shape.m) \(shape.n) \(shape.k)\n".utf8))
        guard let line = readLine() else { return nil }
        let fields = line.split(separator: " ").compactMap { Double($0) }
        return fields.count == 2 ? (fields[0], fields[1]) : nil
    }
}
