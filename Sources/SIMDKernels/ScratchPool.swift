import Foundation

/// Reusable 64-byte-aligned scratch buffers, so that the kernels do not allocate on every call.
///
/// A caller takes a buffer, uses it, and gives it back; at most one buffer per concurrent user is kept alive.
final class ScratchPool: @unchecked Sendable {
    /// The pool shared by all kernels.
    static let shared = ScratchPool()

    private let lock = NSLock()
    private var buffers: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []

    /// A buffer of at least `bytes` bytes; give it back with `give`.
    func take(_ bytes: Int) -> (pointer: UnsafeMutableRawPointer, bytes: Int) {
        lock.lock()
        defer { lock.unlock() }
        if let index = buffers.lastIndex(where: { $0.bytes >= bytes }) { return buffers.remove(at: index) }
        if let small = buffers.popLast() { small.pointer.deallocate() }
        let size = max(bytes, 4096)
        return (UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64), size)
    }

    /// Returns a buffer obtained from `take`.
    func give(_ buffer: (pointer: UnsafeMutableRawPointer, bytes: Int)) {
        lock.lock()
        buffers.append(buffer)
        lock.unlock()
    }
}
