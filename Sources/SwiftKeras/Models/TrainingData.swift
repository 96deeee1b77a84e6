import SIMDKernels

/// Checks that a model can train on or evaluate `(x, y)`, turning every user mistake into a
/// `SwiftKerasError` that names what was wrong and what was expected.
struct TrainingData {
    /// The samples, one row each (`[n, features]` flattened per sample).
    let x: Tensor
    /// The labels or targets, `[n]` or `[n, width]`.
    let y: Tensor
    /// The rows of `x` and `y` that belong to this data: a validation split shares the caller's tensors
    /// instead of copying them (MNIST's training images are 188 MB as floats).
    let rows: Range<Int>
    /// Whether batches are still read with their sparse form, and the last batch's form, to see if it was used.
    private let sparseReads = SparseReads()

    init(x: Tensor, y: Tensor, rows: Range<Int>? = nil) {
        self.x = x
        self.y = y
        self.rows = rows ?? 0..<(x.shape.first ?? 0)
    }

    var count: Int { rows.count }

    /// The values per sample of `y`.
    var labelWidth: Int { y.shape.first.map { $0 > 0 ? y.count / $0 : 1 } ?? 1 }

    /// The samples `indices` (counted from the start of `rows`) and their labels, as one batch.
    ///
    /// A wide, mostly-zero batch (MNIST's) is read once into both its dense and its sparse form (`sparseRows`), for
    /// a first dense layer that multiplies by its nonzero entries. When a batch's sparse form went unused (the
    /// model starts with a convolution, say), later batches are only copied.
    func batch(_ indices: ArraySlice<Int>) -> (x: Tensor, y: Tensor) {
        (gatherInputs(indices), Self.gather(y, indices, offset: rows.lowerBound))
    }

    /// `gather` of `x`, with the sparse form attached while it pays.
    private func gatherInputs(_ indices: ArraySlice<Int>) -> Tensor {
        if let previous = sparseReads.previous, !previous.wasUsed { sparseReads.enabled = false }
        sparseReads.previous = nil
        let width = x.shape.first.map { $0 > 0 ? x.count / $0 : 0 } ?? 0, count = indices.count
        guard sparseReads.enabled, width >= InputSparsity.minimumWidth, count > 0, count <= InputSparsity.maximumRows
        else { return Self.gather(x, indices, offset: rows.lowerBound) }
        return x.scalars.withUnsafeBufferPointer { source in
            indices.withContiguousStorageIfAvailable { picked in
                let base = source.baseAddress! + rows.lowerBound * width
                guard InputSparsity.looksSparse(base, rowIndices: picked.baseAddress!, rows: count, cols: width,
                                                index: sparseReads.index) else {
                    return Self.gather(x, indices, offset: rows.lowerBound)
                }
                // From the second pass over the data on, rows are read from an index of their nonzero entries.
                sparseReads.rowsRead += count
                if sparseReads.index == nil, sparseReads.rowsRead > rows.count, InputSparsity.indexesRepeatedReads {
                    sparseReads.index = SparseRowIndex(base, rows: rows.count, cols: width)
                    InputSparsity.indexesBuilt += 1
                }
                var form: PooledSparseInput?
                var batch = Tensor(shape: [count] + x.shape.dropFirst()) { out, _ in
                    form = PooledSparseInput(rowsOf: base, index: sparseReads.index, rows: picked.baseAddress!,
                                             count: count, cols: width, copyTo: out)
                }
                batch.sparseRows = form
                sparseReads.previous = form
                return batch
            }!
        }
    }

    /// Rows `offset + indices[i]` of `tensor`, in order.
    private static func gather(_ tensor: Tensor, _ indices: ArraySlice<Int>, offset: Int) -> Tensor {
        let width = tensor.shape.first.map { $0 > 0 ? tensor.count / $0 : 0 } ?? 0
        return Tensor(shape: [indices.count] + tensor.shape.dropFirst()) { out, _ in
            tensor.scalars.withUnsafeBufferPointer { source in
                indices.withContiguousStorageIfAvailable { rows in
                    gatherRows(source.baseAddress!, width: width, rows: rows.baseAddress!, offset: offset, count: rows.count, out)
                }!
            }
        }
    }

    /// Validates `x` against the model and `y` against `x`, the loss and the model's output: the loss alone
    /// decides the label layout, every metric is checked against it, and `x` and `y` must be finite.
    static func checked(_ x: Tensor, _ y: Tensor?, model: Sequential, loss: Loss?, metrics: [Metric], caller: String) throws -> TrainingData {
        if let error = model.addError ?? model.emptyModelError { throw error }
        guard x.rank >= 1, x.shape[0] > 0 else {
            throw SwiftKerasError.invalidData("\(caller) needs at least one sample, got x of shape \(x.shape)")
        }
        if !model.isBuilt { try model.build(inputShape: Array(x.shape.dropFirst())) }
        guard let inputShape = model.inputShape, let outputShape = model.outputShape else {
            throw SwiftKerasError.notReady("\(model.name) has no input shape")
        }
        let sampleShape = Array(x.shape.dropFirst())
        guard sampleShape == inputShape else {
            throw SwiftKerasError.shapeMismatch(
                "\(caller): \(model.name) expects input of shape \(kerasShapeString([nil] + inputShape)), got x of shape \(x.shape)")
        }
        try checkFinite(x, "x", caller: caller)
        guard let y else { return TrainingData(x: x, y: Tensor(zeros: [x.shape[0]])) }
        let samples = x.shape[0]
        guard y.rank >= 1, y.shape[0] == samples else {
            throw SwiftKerasError.shapeMismatch(
                "\(caller): x has \(samples) samples but y has \(y.shape.first ?? 0) (shapes \(x.shape) and \(y.shape))")
        }
        let layout = try LabelLayout.decide(loss: loss, metrics: metrics, caller: caller)
        // A sparse loss on a model whose output is not [classes] is the loss's problem before any metric's.
        if layout == .classIndices, outputShape.count != 1 {
            try checkClassIndices(y, outputShape: outputShape, loss: loss, caller: caller)
        }
        for metric in metrics {
            try layout.check(metric, loss: loss, samples: samples, outputShape: outputShape, caller: caller)
        }
        switch layout {
        case .classIndices:
            try checkClassIndices(y, outputShape: outputShape, loss: loss, caller: caller)
        case .likeOutput:
            let expected = [samples] + outputShape
            // Keras aligns `[n]` targets with a one-unit output `[n, 1]` (its losses squeeze or expand the rank).
            if y.shape + [1] == expected { return try checked(x, y.reshaped(to: expected), model: model, loss: loss, metrics: metrics, caller: caller) }
            guard y.shape == expected else {
                let classes = outputShape.last ?? 1
                let hint = loss?.crossentropy != nil && y.rank == 1
                    ? " (one-hot labels: use toCategorical(y, numClasses: \(classes)), or the sparse loss)" : ""
                throw SwiftKerasError.shapeMismatch(
                    "\(caller): y must have shape \(expected) to match the model's output, got \(y.shape)\(hint)")
            }
            try checkFinite(y, "y", caller: caller)
        case .unchecked:
            guard y.count >= samples else {
                throw SwiftKerasError.shapeMismatch("\(caller): y needs at least one value per sample, got shape \(y.shape)")
            }
            try checkFinite(y, "y", caller: caller)
            // "accuracy" resolved from y's shape as Keras does: class indices must then be valid.
            if metrics.contains(where: { $0.resolved(yTrue: y, yPred: Tensor(zeros: [1] + outputShape)) == .sparseCategoricalAccuracy }) {
                try checkClassIndices(y, outputShape: outputShape, loss: loss, caller: caller)
            }
        }
        return TrainingData(x: x, y: y)
    }

    /// Throws unless `y` holds one whole class index in `0..<classes` per sample against an output `[classes]`.
    private static func checkClassIndices(_ y: Tensor, outputShape: [Int], loss: Loss?, caller: String) throws {
        let what = loss?.labelLayout == .classIndices ? "the loss \(loss!.name)" : "metric sparse_categorical_accuracy"
        guard outputShape.count == 1 else {
            throw SwiftKerasError.shapeMismatch(
                "\(caller): \(what) takes one class index per sample and needs a model output of shape [None, classes], got \(kerasShapeString([nil] + outputShape)); add Flatten() before the last Dense layer")
        }
        guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
            throw SwiftKerasError.shapeMismatch(
                "\(caller): \(what) takes class indices of shape [\(y.shape[0])], got y of shape \(y.shape) (one-hot labels need .categoricalCrossentropy())")
        }
        let classes = outputShape[0]
        for (index, label) in y.scalars.enumerated() where !(label.rounded() == label && label >= 0 && label < Float(classes)) {
            throw SwiftKerasError.invalidData(
                "\(caller): label \(label) at index \(index) is not a class index in 0..<\(classes)")
        }
    }

    /// Throws when `tensor` holds a NaN or an infinity, naming the first one and its sample.
    private static func checkFinite(_ tensor: Tensor, _ name: String, caller: String) throws {
        guard tensor.containsNonFinite else { return }
        let index = tensor.scalars.firstIndex { !$0.isFinite }!
        let width = Swift.max(tensor.count / Swift.max(tensor.shape[0], 1), 1)
        throw SwiftKerasError.invalidData(
            "\(caller): \(name) contains a non-finite value (\(tensor.scalars[index])) in sample \(index / width); clean or normalize the data first")
    }

    /// Splits off the last `fraction` of the rows for validation (before any shuffling), as Keras does:
    /// the first ⌊n·(1 - fraction)⌋ rows train.
    func split(validationFraction fraction: Float) throws -> (train: TrainingData, validation: TrainingData) {
        // Go through the decimal text so that 0.2 means 0.2 (a Float 0.2 is 0.200000003).
        let exact = Double(String(describing: fraction)) ?? Double(fraction)
        let trainCount = Int((Double(count) * (1 - exact)).rounded(.down))
        guard trainCount > 0, trainCount < count else {
            throw SwiftKerasError.invalidArgument(
                "validationSplit \(fraction) of \(count) samples leaves \(trainCount) for training and \(count - trainCount) for validation; both need at least one")
        }
        let start = rows.lowerBound
        return (TrainingData(x: x, y: y, rows: start..<(start + trainCount)),
                TrainingData(x: x, y: y, rows: (start + trainCount)..<rows.upperBound))
    }
}

/// `TrainingData`'s record of whether reading batches sparsely pays (see `batch`).
private final class SparseReads {
    var enabled = true
    var previous: PooledSparseInput?
    /// Rows read sparsely so far, and once that is more than one pass, the data's nonzero entries, read once.
    var rowsRead = 0
    var index: SparseRowIndex?
}
