// NumPy's sgemm as a peer in the same sitting: a `numpy_sgemm.py --serve` child process per thread count, whose
// timed batches alternate with our own, shape by shape.

import Foundation

/// A running `numpy_sgemm.py --serve` process with `OPENBLAS_NUM_THREADS` fixed.
final class NumPyPeer {
    let process = Process()
    let input = Pipe(), output = Pipe()
    /// NumPy's version, as the child reports it.
    private(set) var version = ""
    private var buffer = Data()
    /// OpenBLAS's thread count in the child.
    let threads: Int

    /// Starts the child (python3, or `$SWIFTKERAS_PYTHON`); nil when it cannot start or has no numpy.
    init?(threads: Int, script: URL) {
        self.threads = threads
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

    /// Sends one request line and returns the child's answer, or nil if the child failed.
    private func ask(_ request: String) -> String? {
        input.fileHandleForWriting.write(Data((request + "\n").utf8))
        return readLine()
    }

    /// Sets up `shape` in the child (its operands and its batch length); false if the child failed.
    func prepare(_ shape: Shape) -> Bool {
        defer { if threads > 1 { usleep(250_000) } }
        return ask("\(shape.layout) \(shape.m) \(shape.n) \(shape.k)") == "ready"
    }

    /// NumPy's seconds per product over one timed batch of the prepared shape, or nil if the child failed.
    ///
    /// With more than one thread, returns only after a quarter second: OpenBLAS's idle workers spin for about
    /// 2^28 cycles after a product before they sleep, and while they spin our next batch would find its cores
    /// taken (two-thread products timed at half speed).
    func batch() -> Double? {
        let seconds = ask("batch").flatMap(Double.init)
        if threads > 1 { usleep(250_000) }
        return seconds
    }
}
