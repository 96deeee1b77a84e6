// Ways of splitting the window kernels' work over the kernel threads. Every split hands each output element to
// exactly one call, so what the threads compute never depends on their number.

/// Runs `body(start, end)` over consecutive row ranges, split over the threads when `work` is large enough.
/// Rows are independent, so the split changes nothing.
func forEachRowRange(_ rows: Int, work: Int, _ body: @escaping (Int, Int) -> Void) {
    guard rows > 0 else { return }
    let threads = work >= parallelLightCount ? KernelThreads.count : 1
    let chunks = min(rows, 4 * threads)
    parallelChunks(chunks, threads: threads) { chunk in body(rows * chunk / chunks, rows * (chunk + 1) / chunks) }
}

/// Runs `body(b)` for every image, split over the threads when `work` (elements touched) is large enough.
func forEachImage(_ batch: Int, work: Int, _ body: @escaping (Int) -> Void) {
    parallelChunks(batch, threads: work >= parallelLightCount ? KernelThreads.count : 1, body)
}

/// Runs `body(chunk, scratch)` for every chunk in `0..<chunks` on at most `threads` threads (dynamic load
/// balancing, as `parallelChunks`), each thread with its own 64-byte-aligned scratch of `floatsPerWorker` floats,
/// taken once per call from the scratch pool. What a chunk computes never depends on which thread runs it.
func parallelChunksWithScratch(_ chunks: Int, threads: Int, floatsPerWorker: Int,
                               _ body: @escaping (Int, UnsafeMutablePointer<Float>) -> Void) {
    guard chunks > 0 else { return }
    let workers = max(1, min(threads, chunks))
    let stride = (floatsPerWorker + 15) & ~15
    let scratch = ScratchPool.shared.take(4 * stride * workers + 64)
    defer { ScratchPool.shared.give(scratch) }
    let base = scratch.pointer.bindMemory(to: Float.self, capacity: scratch.bytes / 4)
    if workers == 1 {
        for chunk in 0..<chunks { body(chunk, base) }
        return
    }
    let counter = ChunkCounter()
    parallelFor(tasks: workers) { worker in
        let own = base + worker * stride
        while true {
            let chunk = counter.next()
            if chunk >= chunks { break }
            body(chunk, own)
        }
    }
}

/// Threads for a kernel of `flops` floating-point operations: all of them above `gemm`'s threshold, else one.
@inline(__always)
func threadsFor(flops: Int) -> Int { flops >= parallelFlopThreshold ? KernelThreads.count : 1 }
