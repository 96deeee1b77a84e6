/// tf.data's shuffle buffer: it holds up to `capacity` elements and hands out a uniformly drawn one, whose
/// place the next input element takes. With a capacity of at least the whole input it draws a uniform
/// permutation (Fisher-Yates, read from the end), and `fit(x, y)` takes its epoch order from this same buffer,
/// so that `Dataset(x, y).shuffled(bufferSize: n, seed:)` can reproduce `fit`'s order exactly.
struct ShuffleBuffer<Element> {
    private let capacity: Int
    private var generator: SeededGenerator
    private var items: [Element] = []
    private var inputEnded = false

    /// A buffer of `capacity` (>= 1) elements drawing from `seed`.
    init(capacity: Int, seed: UInt64) {
        self.capacity = capacity
        generator = SeededGenerator(seed: seed)
    }

    /// The seed of pass `pass` of a shuffle seeded with `seed`, as each epoch of `fit` reshuffles.
    static func seed(_ seed: UInt64, pass: UInt64) -> UInt64 { seed &+ pass &* 0x9E37_79B9_7F4A_7C15 }

    /// Fills the buffer from `input`, then draws one element; nil once both are empty.
    mutating func next<Input: IteratorProtocol>(from input: inout Input) -> Element? where Input.Element == Element {
        while !inputEnded, items.count < capacity {
            if let item = input.next() { items.append(item) } else { inputEnded = true }
        }
        guard !items.isEmpty else { return nil }
        let drawn = Int(generator.next() % UInt64(items.count))
        let item = items[drawn]
        items.swapAt(drawn, items.count - 1)
        items.removeLast()
        return item
    }
}

extension ShuffleBuffer where Element == Int {
    /// The order a buffer holding all of `0..<count` draws from `seed`: `fit(x, y)`'s epoch order.
    static func order(count: Int, seed: UInt64) -> [Int] {
        order(of: Array(0..<count), capacity: Swift.max(count, 1), seed: seed)
    }

    /// The order a buffer of `capacity` draws `input` in from `seed`.
    static func order(of input: [Int], capacity: Int, seed: UInt64) -> [Int] {
        var buffer = ShuffleBuffer(capacity: capacity, seed: seed)
        var elements = input.makeIterator()
        var order: [Int] = []
        order.reserveCapacity(input.count)
        while let index = buffer.next(from: &elements) { order.append(index) }
        return order
    }
}
