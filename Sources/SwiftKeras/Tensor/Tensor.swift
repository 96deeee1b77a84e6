import SIMDKernels

/// An n-dimensional array of `Float` values in row-major order, with value semantics (copy-on-write).
///
/// Tensors are the values that flow through a model: inputs, weights, activations, losses and gradients.
/// Arithmetic on tensors inside `GradientTape.record` is recorded so that gradients can be computed.
///
/// ```swift
/// let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// t.shape     // [2, 3]
/// (t * 2).sum().scalar   // 42
/// ```
public struct Tensor {
    /// The size of each axis; `[]` for a scalar.
    public let shape: [Int]
    /// The values in row-major order.
    public internal(set) var scalars: [Float]
    /// The node that produced this tensor on the active tape, if it was recorded.
    var node: TapeNode?
    /// For the output of `softmax` or `sigmoid`, its input: a cross-entropy on these probabilities is computed
    /// from the logits instead (Keras's `_keras_logits`), which is exact and gives the fused gradient p - y.
    var activationLogits: ActivationLogits?
    /// For a data batch that `fit` read from a dataset, the same rows by their nonzero entries (read in the same
    /// pass), which a dense layer's product uses instead of reading the batch again. Set only on batches that
    /// nothing mutates; kept by a reshape that keeps the rows (`Flatten`).
    var sparseRows: PooledSparseInput?

    /// Creates a tensor from a shape and its row-major values.
    ///
    /// - Parameters:
    ///   - shape: the size of each axis.
    ///   - scalars: `shape.reduce(1, *)` values in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        require(shape.reduce(1, *) == scalars.count,
                     "Tensor shape \(shape) needs \(shape.reduce(1, *)) values, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
        self.node = nil
    }

    init(shape: [Int], scalars: [Float], node: TapeNode?) {
        self.shape = shape
        self.scalars = scalars
        self.node = node
    }

    /// Creates a tensor of `shape` whose values are written by `body` into uninitialized memory.
    ///
    /// Tensors of 4 MB and more (a dataset) are backed by huge pages where the system offers them, so that reading
    /// batches of scattered rows from them does not miss the TLB on every row.
    init(shape: [Int], unsafeUninitialized body: (UnsafeMutablePointer<Float>, Int) -> Void) {
        let count = shape.reduce(1, *)
        self.shape = shape
        if count >= 1 << 20 {
            self.scalars = LargeBuffers.makeArray(count: count) { buffer in body(buffer.baseAddress!, count) }
        } else {
            self.scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { body(buffer.baseAddress!, count) }
                initialized = count
            }
        }
        self.node = nil
    }

    /// A scalar tensor (shape `[]`).
    public init(_ value: Float) {
        self.init(shape: [], scalars: [value])
    }

    /// A one-dimensional tensor holding `values`.
    public init(_ values: [Float]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// A two-dimensional tensor from rows of equal length.
    public init(_ rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        require(rows.allSatisfy { $0.count == width }, "Tensor rows have different lengths")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// A tensor of `shape` filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) { self.init(repeating: 0, shape: shape) }

    /// A tensor of ones.
    public init(ones shape: [Int]) { self.init(repeating: 1, shape: shape) }

    /// The number of values.
    public var count: Int { scalars.count }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The single value of a tensor with one element (a scalar or a `[1]`, `[1, 1]`, ... tensor).
    public var scalar: Float {
        require(scalars.count == 1, "scalar needs a tensor with one value, shape is \(shape)")
        return scalars[0]
    }

    /// The same values without the tape history: gradients do not flow through the result.
    public var detached: Tensor { Tensor(shape: shape, scalars: scalars) }

    /// Whether this tensor was produced by a recorded operation (gradients can flow through it).
    public var isRecorded: Bool { node != nil }

    /// Calls `body` with a pointer to the values.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the values (copying them first if they are shared).
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Whether any value is NaN or infinite.
    public var containsNonFinite: Bool {
        scalars.withUnsafeBufferPointer { buffer in
            var allFinite = true
            for value in buffer where !value.isFinite { allFinite = false; break }
            return !allFinite
        }
    }
}

extension Tensor: Equatable {
    /// Tensors are equal when their shapes and values are equal (the tape history is ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}

extension Tensor: CustomStringConvertible {
    /// A short rendering: the shape and the first values.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        let more = scalars.count > 8 ? ", ..." : ""
        return "Tensor(shape: \(shape), [\(shown)\(more)])"
    }
}
