import Foundation
import XCTest
@testable import SwiftKeras

final class ZlibEncoderTests: XCTestCase {
    /// Inflates each stream with Python's zlib (which checks the header and the Adler-32), in one process.
    private func pythonInflate(_ streams: [[UInt8]]) throws -> [[UInt8]] {
        let folder = NSTemporaryDirectory() + "swiftkeras-zlib-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (index, stream) in streams.enumerated() {
            try Data(stream).write(to: URL(fileURLWithPath: folder + "/\(index).z"))
        }
        let script = "import sys, zlib\nfor i in range(int(sys.argv[2])):\n"
            + "    open('%s/%d.out' % (sys.argv[1], i), 'wb').write(zlib.decompress(open('%s/%d.z' % (sys.argv[1], i), 'rb').read()))"
        let result = try PythonPNGDecoder.runPython(["-c", script, folder, String(streams.count)])
        XCTAssertEqual(result.status, 0, "zlib rejected a stream: \(result.stderr)")
        return try streams.indices.map { Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/\($0).out"))) }
    }

    func testPythonZlibInflatesEveryKindOfInputBackExactly() throws {
        var generator = SeededGenerator(seed: 3)
        let random = (0..<40_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let text = Array(String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 500).utf8)
        // Repeats farther apart than the 32 KiB window, runs longer than the 258-byte longest match.
        let farRepeat = Array(random[0..<34_000]) + Array(random[0..<34_000])
        let runs = [UInt8](repeating: 7, count: 1000) + [1, 2, 3] + [UInt8](repeating: 0, count: 259)
        let inputs: [[UInt8]] = [[], [42], [1, 2], Array(random.prefix(300)), random, text, farRepeat, runs]
        let inflated = try pythonInflate(inputs.map(ZlibEncoder.compress))
        for (input, output) in zip(inputs, inflated) {
            XCTAssertEqual(output, input, "input of \(input.count) bytes")
        }
    }

    func testStreamStartsWithTheZlibHeaderAndEndsWithAdler32() {
        let stream = ZlibEncoder.compress(Array("Wikipedia".utf8))
        XCTAssertEqual(Array(stream.prefix(2)), [0x78, 0x01])
        XCTAssertEqual((0x78 * 256 + 0x01) % 31, 0, "RFC 1950 header check bits")
        // Adler-32 of "Wikipedia" is 0x11E60398 (the worked example on Wikipedia's Adler-32 page).
        XCTAssertEqual(Array(stream.suffix(4)), [0x11, 0xE6, 0x03, 0x98])
    }

    func testLongRunsShrinkToUnderOnePercent() {
        let stream = ZlibEncoder.compress([UInt8](repeating: 255, count: 100_000))
        XCTAssertLessThan(stream.count, 1000)
    }

    func testRepeatedTextShrinksBelowATenth() {
        let text = Array(String(repeating: "epoch 1/20 loss: 0.2934 ", count: 1000).utf8)
        XCTAssertLessThan(ZlibEncoder.compress(text).count, text.count / 10)
    }
}
