/// Paired inputs and targets for custom training loops, like a small `tf.data.Dataset.from_tensor_slices((x, y))`.
///
/// ```swift
/// for (x, y) in try Dataset(xTrain, yTrain).shuffled(seed: 42).batched(200) { ... }
/// ```
/// Unbatched, iteration yields one sample at a time with the leading axis dropped (`x[i]`, `y[i]`);
/// batched, it yields `[b, ...]` slices of at most `size` samples, the last one possibly smaller.
/// `shuffled` before `batched` shuffles samples; after it, it shuffles whole batches, as in tf.data.
/// The order is fixed per value: call `shuffled(seed:)` with a new seed for each epoch.
public struct Dataset: Sequence {
    /// All inputs, `[N, ...]`.
    public let x: Tensor
    /// All targets, `[N, ...]`.
    public let y: Tensor
    private let xScalars: [Float]
    private let yScalars: [Float]
    /// The sample order.
    private var order: [Int]
    /// The batch size, or nil for single samples.
    public private(set) var batchSize: Int?
    /// The order of the batches (shuffled when `shuffled` follows `batched`).
    private var batchOrder: [Int]?

    /// Pairs inputs with targets, sample by sample along the first axis.
    /// - Parameters:
    ///   - x: inputs `[N, ...]`.
    ///   - y: targets `[N, ...]`.
    /// - Throws: `SwiftKerasError.shapeMismatch` when the sample counts differ or a tensor has no axis.
    public init(_ x: Tensor, _ y: Tensor) throws {
        guard let samples = x.shape.first, let targets = y.shape.first else {
            throw SwiftKerasError.shapeMismatch("Dataset needs tensors with a leading sample axis, got x \(x.shape) and y \(y.shape)")
        }
        guard samples == targets else {
            throw SwiftKerasError.shapeMismatch("Dataset needs as many targets as inputs: x \(x.shape) has \(samples) samples, y \(y.shape) has \(targets)")
        }
        self.x = x
        self.y = y
        xScalars = x.scalars
        yScalars = y.scalars
        order = Array(0..<samples)
    }

    /// The number of samples.
    public var sampleCount: Int { order.count }

    /// The number of elements iteration yields: batches when batched, else samples.
    public var count: Int {
        guard let batchSize else { return order.count }
        return (order.count + batchSize - 1) / batchSize
    }

    /// The same data in an order drawn from `seed` (Fisher-Yates with `SeededGenerator`).
    public func shuffled(seed: UInt64) -> Dataset {
        var generator = SeededGenerator(seed: seed)
        var copy = self
        if batchSize != nil {
            copy.batchOrder = (batchOrder ?? Array(0..<count)).permuted(generator.permutation(count))
        } else {
            copy.order = order.permuted(generator.permutation(order.count))
        }
        return copy
    }

    /// The same data in batches of `size` samples; the last batch keeps the remainder.
    /// Batching a batched dataset re-batches its samples with the new size.
    /// - Parameter size: samples per batch, at least 1.
    public func batched(_ size: Int) -> Dataset {
        require(size >= 1, "Dataset.batched needs a batch size of at least 1, got \(size)")
        var copy = self
        if let batchOrder, let batchSize {
            copy.order = batchOrder.flatMap { order[($0 * batchSize)..<Swift.min(($0 + 1) * batchSize, order.count)] }
        }
        copy.batchSize = size
        copy.batchOrder = nil
        return copy
    }

    /// Iterates over `(x, y)` pairs.
    public struct Iterator: IteratorProtocol {
        private let dataset: Dataset
        private var position = 0

        init(_ dataset: Dataset) { self.dataset = dataset }

        /// The next sample or batch.
        public mutating func next() -> (x: Tensor, y: Tensor)? {
            guard position < dataset.count else { return nil }
            defer { position += 1 }
            return dataset.element(position)
        }
    }

    /// An iterator over the samples or batches.
    public func makeIterator() -> Iterator { Iterator(self) }

    /// The element at position `index` of the iteration order.
    private func element(_ index: Int) -> (x: Tensor, y: Tensor) {
        guard let batchSize else {
            let sample = order[index]
            return (gather(xScalars, shape: x.shape, rows: [sample], keepAxis: false),
                    gather(yScalars, shape: y.shape, rows: [sample], keepAxis: false))
        }
        let batch = batchOrder?[index] ?? index
        let rows = Array(order[(batch * batchSize)..<Swift.min((batch + 1) * batchSize, order.count)])
        return (gather(xScalars, shape: x.shape, rows: rows, keepAxis: true),
                gather(yScalars, shape: y.shape, rows: rows, keepAxis: true))
    }

    /// The rows `rows` of a `[N, ...]` array, as `[rows.count, ...]` or, for one row without the axis, `[...]`.
    private func gather(_ scalars: [Float], shape: [Int], rows: [Int], keepAxis: Bool) -> Tensor {
        let rowShape = Array(shape.dropFirst())
        let rowSize = rowShape.reduce(1, *)
        var values = [Float](repeating: 0, count: rows.count * rowSize)
        scalars.withUnsafeBufferPointer { source in
            values.withUnsafeMutableBufferPointer { destination in
                for (slot, row) in rows.enumerated() {
                    destination.baseAddress!.advanced(by: slot * rowSize)
                        .update(from: source.baseAddress!.advanced(by: row * rowSize), count: rowSize)
                }
            }
        }
        return Tensor(shape: keepAxis ? [rows.count] + rowShape : rowShape, scalars: values)
    }
}

extension Array {
    /// The elements reordered so that element `i` of the result is `self[permutation[i]]`.
    fileprivate func permuted(_ permutation: [Int]) -> [Element] { permutation.map { self[$0] } }
}
