import Dispatch
import XCTest
@testable import SIMDKernels

final class KernelThreadsTests: XCTestCase {
    func testParallelForRunsEveryTaskExactlyOnceOverManyJobs() {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 4 * 16)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 4 * 16)
        for job in 0..<20_000 {
            let tasks = 1 + job % 4
            parallelFor(tasks: tasks) { task in counts[task * 16] += 1 }
        }
        XCTAssertEqual((0..<4).map { counts[$0 * 16] }, [20_000, 15_000, 10_000, 5_000])
    }

    func testNestedAndConcurrentCallsCompleteAndStayCorrect() {
        let x = [Float](repeating: 1, count: 1 << 18)
        final class Results: @unchecked Sendable { var totals = [Float](repeating: 0, count: 64) }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            var total: Float = 0
            for _ in 0..<50 {
                parallelFor(tasks: 2) { _ in
                    var y = [Float](repeating: 0, count: x.count)
                    unary(.square, x, &y, count: x.count)  // may itself ask for threads
                }
                total += sum(x, count: x.count)
            }
            results.totals[caller * 16] = total
        }
        XCTAssertEqual((0..<4).map { results.totals[$0 * 16] }, [Float](repeating: 50 * Float(1 << 18), count: 4))
    }

    func testParallelChunksVisitsEveryChunkOnce() {
        let flags = UnsafeMutablePointer<Int>.allocate(capacity: 37 * 16)
        defer { flags.deallocate() }
        flags.initialize(repeating: 0, count: 37 * 16)
        for _ in 0..<100 { parallelChunks(37, threads: 2) { flags[$0 * 16] += 1 } }
        XCTAssertEqual((0..<37).map { flags[$0 * 16] }, [Int](repeating: 100, count: 37))
    }
}
