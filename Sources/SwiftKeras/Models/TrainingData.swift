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

    init(x: Tensor, y: Tensor, rows: Range<Int>? = nil) {
        self.x = x
        self.y = y
        self.rows = rows ?? 0..<(x.shape.first ?? 0)
    }

    var count: Int { rows.count }

    /// The values per sample of `y`.
    var labelWidth: Int { y.shape.first.map { $0 > 0 ? y.count / $0 : 1 } ?? 1 }

    /// The samples `indices` (counted from the start of `rows`) and their labels, as one batch.
    func batch(_ indices: ArraySlice<Int>) -> (x: Tensor, y: Tensor) {
        (Self.gather(x, indices, offset: rows.lowerBound), Self.gather(y, indices, offset: rows.lowerBound))
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

    /// Validates `x` against the model and `y` against `x`, the loss and the model's output.
    static func checked(_ x: Tensor, _ y: Tensor?, model: Sequential, loss: Loss?, metrics: [Metric], caller: String) throws -> TrainingData {
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
        if caller == "fit", x.containsNonFinite {
            let index = x.scalars.firstIndex { !$0.isFinite }!
            throw SwiftKerasError.invalidData(
                "fit: x contains a non-finite value (\(x.scalars[index])) in sample \(index / Swift.max(inputShape.reduce(1, *), 1)); clean or normalize the data first")
        }
        guard let y else { return TrainingData(x: x, y: Tensor(zeros: [x.shape[0]])) }
        guard y.rank >= 1, y.shape[0] == x.shape[0] else {
            throw SwiftKerasError.shapeMismatch(
                "\(caller): x has \(x.shape[0]) samples but y has \(y.shape.first ?? 0) (shapes \(x.shape) and \(y.shape))")
        }
        let classes = outputShape.last ?? 1
        let sparse = loss?.takesSparseLabels == true
            || metrics.contains { $0.resolved(yTrue: y, yPred: Tensor(zeros: [1] + outputShape)) == .sparseCategoricalAccuracy }
        if sparse {
            guard y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else {
                throw SwiftKerasError.shapeMismatch(
                    "\(caller): sparse labels must have shape [\(y.shape[0])] (class indices), got \(y.shape)")
            }
            for (index, label) in y.scalars.enumerated() where !(label.rounded() == label && label >= 0 && label < Float(classes)) {
                throw SwiftKerasError.invalidData(
                    "\(caller): label \(label) at index \(index) is not a class index in 0..<\(classes)")
            }
        } else if let loss, loss.crossentropy != nil || loss.isElementwise {
            let expected = [y.shape[0]] + outputShape
            guard y.shape == expected else {
                let hint = loss.crossentropy != nil && y.rank == 1
                    ? " (one-hot labels: use toCategorical(y, numClasses: \(classes)), or the sparse loss)" : ""
                throw SwiftKerasError.shapeMismatch(
                    "\(caller): y must have shape \(expected) to match the model's output, got \(y.shape)\(hint)")
            }
        }
        return TrainingData(x: x, y: y)
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

extension Loss {
    /// Losses that compare `yTrue` and `yPred` element by element, so their shapes must match.
    var isElementwise: Bool {
        switch self {
        case .meanSquaredError, .meanAbsoluteError, .binaryCrossentropy: return true
        default: return false
        }
    }
}
