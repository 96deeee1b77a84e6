/// One-hot encodes class labels, like `keras.utils.to_categorical`.
///
/// `labels` of shape `[N]` (or `[N, 1]`) holding class indices become a `[N, numClasses]` tensor with a 1 in
/// each row's class column; labels of any shape keep their axes (a trailing axis of 1 is dropped first), so
/// `[a, b]` becomes `[a, b, numClasses]`, as `keras.utils.to_categorical` does. The labels must be whole numbers in `0..<numClasses`, and the result at most
/// `maximumCategoricalValues` values; otherwise this traps with a message naming the label (use
/// `validatedCategorical` to get a thrown `SwiftKerasError` instead).
///
/// - Parameters:
///   - labels: class indices.
///   - numClasses: the number of classes; `nil` uses the largest label plus one, as Keras does.
public func toCategorical(_ labels: Tensor, numClasses: Int? = nil) -> Tensor {
    do {
        return try validatedCategorical(labels, numClasses: numClasses)
    } catch {
        requirementFailure("toCategorical: \(error)")
    }
}

/// The most values a one-hot tensor may hold (2²⁸ floats, 1 GiB): a label of 3e9 is a mistake, not a class count.
public let maximumCategoricalValues = 1 << 28

/// One-hot encodes class labels (shaped as `toCategorical` shapes them), throwing when a label is not a whole number in `0..<numClasses` or the result
/// would exceed `maximumCategoricalValues` values.
public func validatedCategorical(_ labels: Tensor, numClasses: Int? = nil) throws -> Tensor {
    let values = labels.scalars
    // Every label is checked before anything is allocated or converted to Int (Int(Float.nan) traps).
    let limit = numClasses.map(Float.init) ?? Float(maximumCategoricalValues)
    for (row, label) in values.enumerated() where !(label.rounded() == label && label >= 0 && label < limit) {
        let range = numClasses.map { "0..<\($0)" } ?? "0..<\(maximumCategoricalValues)"
        throw SwiftKerasError.invalidData("toCategorical: label \(label) at index \(row) is not a class index in \(range)")
    }
    let classes = numClasses ?? Int(values.max() ?? -1) + 1
    guard classes > 0 else {
        throw SwiftKerasError.invalidArgument("toCategorical needs numClasses >= 1, got \(classes)")
    }
    let (total, overflow) = values.count.multipliedReportingOverflow(by: classes)
    guard !overflow, total <= maximumCategoricalValues else {
        throw SwiftKerasError.invalidArgument(
            "toCategorical: \(values.count) labels × \(classes) classes would need more than \(maximumCategoricalValues) values (1 GiB); check numClasses and the largest label")
    }
    var encoded = [Float](repeating: 0, count: total)
    for (row, label) in values.enumerated() { encoded[row * classes + Int(label)] = 1 }
    // Keras drops a trailing axis of 1 (`[N, 1]` labels) and puts the class axis last.
    var leading = labels.shape
    if leading.count > 1, leading.last == 1 { leading.removeLast() }
    return Tensor(shape: leading + [classes], scalars: encoded)
}
