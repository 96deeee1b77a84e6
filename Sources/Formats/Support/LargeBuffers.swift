#if canImport(Glibc)
import Glibc
#endif

/// Helpers for the multi-megabyte buffers of dataset loading.
package enum LargeBuffers {
    /// Asks the kernel to back `byteCount` bytes at `pointer` with 2 MiB pages when it allows that
    /// (transparent huge pages in `madvise` mode), before the bytes are first written.
    ///
    /// Filling 188 MB of fresh memory with 4 KiB pages costs about 47,000 page faults, which takes longer
    /// than converting the values themselves; NumPy makes the same request for its large arrays.
    package static func adviseHugePages(_ pointer: UnsafeMutableRawPointer?, byteCount: Int) {
        #if os(Linux)
        let hugePage = 2 << 20
        guard let pointer, byteCount >= 4 * hugePage else { return }
        let start = (Int(bitPattern: pointer) + hugePage - 1) & ~(hugePage - 1)
        let end = (Int(bitPattern: pointer) + byteCount) & ~(hugePage - 1)
        guard end > start, let alignedStart = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(alignedStart, end - start, 14)  // MADV_HUGEPAGE
        #endif
    }

    /// An array of `count` values filled by `fill`, with huge pages requested first for large arrays.
    package static func makeArray<Element>(count: Int, _ fill: (UnsafeMutableBufferPointer<Element>) -> Void) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress), byteCount: count * MemoryLayout<Element>.stride)
            fill(buffer)
            initialized = count
        }
    }

    /// A copy of `bytes` in a new array (with huge pages when large).
    package static func copy(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        bytes.withUnsafeBufferPointer { source in
            makeArray(count: source.count) { destination in
                if let base = source.baseAddress { destination.baseAddress!.update(from: base, count: source.count) }
            }
        }
    }
}
