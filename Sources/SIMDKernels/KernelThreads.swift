import Dispatch
import Foundation

/// The number of threads the kernels may use.
///
/// Work is spread over a persistent pool: on Linux `WorkerPool`, whose threads poll for 0.2 ms between jobs
/// (build with `-D SIMDKERNELS_DISPATCH` to use libdispatch instead), elsewhere
/// `DispatchQueue.concurrentPerform`. No thread is created per call. Every kernel partitions its output so
/// that each element is computed by exactly the same operations whatever the thread count: results are
/// bit-identical for any `count`. Products below about 2 MFLOP and element-wise work below 32K-128K elements
/// run on the calling thread.
public enum KernelThreads {
    nonisolated(unsafe) private static var storage = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Threads used by the kernels; defaults to the active processor count, `1` runs everything serially.
    /// Values below 1 are stored as 1.
    public static var count: Int {
        get { storage }
        set { storage = max(1, newValue) }
    }
}

/// Runs `body(task)` for every task in `0..<tasks`, in parallel when `tasks > 1`; returns when all are done.
@inline(__always)
func parallelFor(tasks: Int, _ body: @escaping (Int) -> Void) {
    if tasks <= 1 {
        if tasks == 1 { body(0) }
        return
    }
    #if os(Linux) && !SIMDKERNELS_DISPATCH
    if WorkerPool.shared.run(tasks: tasks, body) { return }
    for task in 0..<tasks { body(task) }
    #else
    let box = UncheckedSendable(body)
    let mode = currentFloatingPointMode()
    DispatchQueue.concurrentPerform(iterations: tasks) { task in
        let saved = currentFloatingPointMode()
        setFloatingPointMode(mode)
        box.value(task)
        setFloatingPointMode(saved)
    }
    #endif
}

/// Runs `body(chunk)` for every chunk in `0..<chunks` on at most `threads` threads, each thread taking the next
/// unclaimed chunk (dynamic load balancing: a descheduled thread does not hold the others back). Which thread
/// runs a chunk never changes what the chunk computes.
func parallelChunks(_ chunks: Int, threads: Int, _ body: @escaping (Int) -> Void) {
    let workers = min(threads, chunks)
    if workers <= 1 {
        for chunk in 0..<chunks { body(chunk) }
        return
    }
    let counter = ChunkCounter()
    parallelFor(tasks: workers) { _ in
        while true {
            let chunk = counter.next()
            if chunk >= chunks { break }
            body(chunk)
        }
    }
}

/// Element-wise work over `count` elements: `body(start, length)` on consecutive ranges, split over the kernel
/// threads when `count ≥ minimumParallelCount` (ranges start at multiples of 64). Element-wise results do not
/// depend on the split.
@inline(__always)
func forEachRange(_ count: Int, minimumParallelCount: Int, _ body: @escaping (Int, Int) -> Void) {
    guard count > 0 else { return }
    let threads = count >= minimumParallelCount ? KernelThreads.count : 1
    if threads <= 1 {
        body(0, count)
        return
    }
    let blocks = (count + 63) / 64
    parallelChunks(threads, threads: threads) { chunk in
        let start = blocks * chunk / threads * 64, end = min(blocks * (chunk + 1) / threads * 64, count)
        if start < end { body(start, end - start) }
    }
}

/// Counts above which element-wise kernels use several threads: light (one or two operations per element),
/// heavy (transcendental functions, optimizer updates).
let parallelLightCount = 1 << 17
let parallelHeavyCount = 1 << 15

/// A lock-protected counter handing out chunk indices (chunks are coarse: the lock costs nothing measurable).
final class ChunkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The next unclaimed index.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// Carries a value across the concurrency boundary of `parallelFor`, whose tasks write disjoint memory.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
