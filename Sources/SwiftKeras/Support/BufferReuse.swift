#if canImport(Glibc)
import Glibc
#endif

/// Keeps the memory of freed tensors in the process's heap, so that a training step reuses the buffers of the
/// previous step's activations and gradients instead of taking fresh pages from the system each time.
///
/// By default glibc serves allocations above 128 KiB (a 64 × 784 batch, a 784 × 128 kernel gradient) with
/// `mmap` and returns them with `munmap` when freed; the next step's identical allocation then faults in and
/// zeroes new pages (about 5% of a step in earlier profiles). Raising the thresholds keeps them in the heap.
enum BufferReuse {
    private static let configured: Void = {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not include: look it up instead.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3   // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 32 << 20)
        _ = mallopt(trimThreshold, 256 << 20)
        #endif
    }()

    /// Applies the settings once per process.
    static func configure() { configured }
}
