import XCTest
@testable import SIMDKernels

/// Training runs with denormals flushed to zero, as TensorFlow's CPU threads do, and restores the caller's mode.
final class FloatingPointModeTests: XCTestCase {
    func testDenormalResultsAreFlushedInsideAndKeptOutside() throws {
        #if arch(x86_64)
        let tiny: [Float] = [Float.leastNormalMagnitude, 1e-30]
        var halved: [Float] = [0, 0]
        withDenormalsFlushedToZero { binaryScalar(.multiply, tiny, 0.25, reversed: false, &halved, count: 2) }
        XCTAssertEqual(halved[0], 0, "a denormal result is flushed to zero")
        XCTAssertEqual(halved[1], 2.5e-31)
        binaryScalar(.multiply, tiny, 0.25, reversed: false, &halved, count: 2)
        XCTAssertEqual(halved[0], Float.leastNormalMagnitude / 4, "the caller's mode is restored")
        #else
        throw XCTSkip("MXCSR flags exist on x86-64 only")
        #endif
    }

    func testWorkersAdoptTheCallersModeSoResultsDoNotDependOnThreads() {
        let count = 1 << 18
        let values = (0..<count).map { Float.leastNormalMagnitude * Float($0 % 7 + 1) }
        func run(threads: Int) -> [Float] {
            let saved = KernelThreads.count
            defer { KernelThreads.count = saved }
            KernelThreads.count = threads
            var out = [Float](repeating: 1, count: count)
            withDenormalsFlushedToZero { binaryScalar(.multiply, values, 0.125, reversed: false, &out, count: count) }
            return out
        }
        XCTAssertEqual(run(threads: 1), run(threads: 2))
    }
}
