/// A lazy input pipeline of `(x, y)` pairs, like `tf.data.Dataset`: made from tensors
/// (`from_tensor_slices((x, y))`) or a generator, then transformed with `map`, `shuffled`, `batched`,
/// `repeated` and `take`.
///
/// ```swift
/// let train = try Dataset(xTrain, yTrain).shuffled(bufferSize: 60_000, seed: 42).batched(64)
/// try model.fit(train, epochs: 5)
/// for (x, y) in try Dataset(xTrain, yTrain).shuffled(seed: 42).batched(200) { ... }   // a custom loop
/// ```
/// Nothing is copied when a pipeline is built: a `Dataset(x, y)` passes sample indices through its stages and
/// reads the rows of a batch only when the batch is drawn, so an epoch holds at most a shuffle buffer of
/// indices (or, after `map`, of elements) beside the batch in flight.
///
/// Unbatched, iteration yields one sample at a time with the leading axis dropped (`x[i]`, `y[i]`); batched,
/// it yields `[b, ...]` slices. `shuffled` before `batched` shuffles samples; after it, whole batches.
/// Each pass over a dataset (each `for` loop, each epoch of `fit`) is numbered from 0, and a shuffle with
/// `reshuffleEachIteration` draws pass `p`'s order from its seed and `p`, as tf.data reshuffles each epoch.
public struct Dataset: Sequence {
    /// Keras's cardinality of a dataset that never ends (`tf.data.INFINITE_CARDINALITY`).
    public static let infiniteCardinality = -1
    /// Keras's cardinality of a dataset whose length is known only by iterating (`tf.data.UNKNOWN_CARDINALITY`).
    public static let unknownCardinality = -2

    /// The pieces of pass `pass` (a pass key: the epoch, or a repetition's number).
    let pieces: (UInt64) -> AnyIterator<DatasetPiece>
    /// Reads rows of the source tensors (nil for a generator).
    let source: TrainingData?
    /// The elements per pass, or `infiniteCardinality`, or `unknownCardinality`.
    public let cardinality: Int
    /// The batch size of the last `batched`, or nil for single samples.
    public let batchSize: Int?
    /// The class names of an `imageDatasetFromDirectory` dataset (Keras's `class_names`); not kept by transformations.
    public internal(set) var classNames: [String]?
    /// The image files of an `imageDatasetFromDirectory` dataset, in label order (Keras's `file_paths`).
    public internal(set) var filePaths: [String]?
    /// Numbers the passes of `for` loops.
    private let passes = PassCounter()
    /// While every element is one row of `source` (a dataset made from tensors, then shuffled): the rows of each pass
    /// in order, so that shuffling and batching work on row indices rather than on one piece per sample.
    let sampleOrder: ((UInt64) -> [Int])?

    /// Pairs inputs with targets, sample by sample along the first axis (`tf.data.Dataset.from_tensor_slices`).
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
        let inOrder: (UInt64) -> [Int] = { _ in Array(0..<samples) }
        self.init(source: TrainingData(x: x, y: y), cardinality: samples, batchSize: nil, sampleOrder: inOrder) { _ in
            var next = 0
            return AnyIterator {
                guard next < samples else { return nil }
                defer { next += 1 }
                return .rows([next])
            }
        }
    }

    /// A dataset whose elements a generator yields, like `tf.data.Dataset.from_generator`: its length is
    /// unknown until a pass ends (`cardinality` is `unknownCardinality`).
    /// - Parameter makeIterator: called once per pass; yields single samples or whole batches, as `fit` and
    ///   `batched` will take them.
    public static func fromGenerator(_ makeIterator: @escaping () -> AnyIterator<(x: Tensor, y: Tensor)>) -> Dataset {
        Dataset(source: nil, cardinality: unknownCardinality, batchSize: nil) { _ in
            let elements = makeIterator()
            return AnyIterator { elements.next().map { DatasetPiece.values(x: $0.x, y: $0.y) } }
        }
    }

    init(source: TrainingData?, cardinality: Int, batchSize: Int?, sampleOrder: ((UInt64) -> [Int])? = nil,
         pieces: @escaping (UInt64) -> AnyIterator<DatasetPiece>) {
        self.source = source
        self.cardinality = cardinality
        self.batchSize = batchSize
        self.sampleOrder = sampleOrder
        self.pieces = pieces
    }

    /// The elements per pass (the same as `cardinality`): batches when batched, else samples.
    public var count: Int { cardinality }

    /// Iterates over `(x, y)` pairs.
    public struct Iterator: IteratorProtocol {
        private let dataset: Dataset
        private let pieces: AnyIterator<DatasetPiece>

        init(_ dataset: Dataset, pass: UInt64) {
            self.dataset = dataset
            pieces = dataset.pieces(pass)
        }

        /// The next sample or batch.
        public mutating func next() -> (x: Tensor, y: Tensor)? { pieces.next().map(dataset.values) }
    }

    /// An iterator over the samples or batches of the next pass.
    public func makeIterator() -> Iterator { Iterator(self, pass: passes.next()) }

    /// An iterator over pass `pass` (`fit` passes the epoch, so that a resumed run repeats an uninterrupted one).
    func makeIterator(pass: UInt64) -> Iterator { Iterator(self, pass: pass) }

    /// The tensors of a piece: rows read from the source, with the leading axis only when batched.
    func values(_ piece: DatasetPiece) -> (x: Tensor, y: Tensor) {
        switch piece {
        case .values(let x, let y): return (x, y)
        case .rows(let rows):
            let batch = source!.batch(rows[...])
            guard batchSize == nil else { return batch }
            return (Tensor(shape: Array(batch.x.shape.dropFirst()), scalars: batch.x.scalars),
                    Tensor(shape: Array(batch.y.shape.dropFirst()), scalars: batch.y.scalars))
        }
    }
}

/// One element in flight through a pipeline: sample indices into the source tensors (cheap to shuffle and
/// batch; read only when the element is drawn), or tensors a `map` or a generator made.
enum DatasetPiece {
    case rows([Int])
    case values(x: Tensor, y: Tensor)
}

/// Counts the passes over one dataset value and its copies, from 0.
private final class PassCounter {
    private var count: UInt64 = 0
    func next() -> UInt64 {
        defer { count &+= 1 }
        return count
    }
}
