/// The slots of one variable, with their pointers gathered once for the update kernels.
final class SlotSet {
    let buffers: [SlotBuffer]
    let pointers: [UnsafeMutablePointer<Float>]

    init(_ buffers: [SlotBuffer]) {
        self.buffers = buffers
        pointers = buffers.map(\.pointer)
    }
}

/// One slot of one variable (a momentum or moment buffer): memory the update kernels write in place.
final class SlotBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(repeating value: Float, count: Int) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }

    convenience init(_ values: [Float]) {
        self.init(repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    deinit { pointer.deallocate() }
}
