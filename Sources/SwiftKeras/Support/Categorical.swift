/// One-hot encodes class labels, like `keras.utils.to_categorical`.
///
/// `labels` of shape `[N]` (or `[N, 1]`) holding class indices become a `[N, numClasses]` tensor with a 1 in
/// each row's class column. The labels must be whole numbers in `0..<numClasses` (a precondition: use
/// `validatedCategorical` to get a thrown `SwiftKerasError` instead).
///
/// - Parameters:
///   - labels: class indices.
///   - numClasses: the number of classes; `nil` uses the largest label plus one, as Keras does.
public func toCategorical(_ labels: Tensor, numClasses: Int? = nil) -> Tensor {
    do {
        return try validatedCategorical(labels, numClasses: numClasses)
    } catch {
        preconditionFailure("\(error)")
    }
}

/// One-hot encodes class labels, throwing when a label is not a whole number in `0..<numClasses`.
public func validatedCategorical(_ labels: Tensor, numClasses: Int? = nil) throws -> Tensor {
    let values = labels.scalars
    let classes = numClasses ?? Int(values.max() ?? -1) + 1
    guard classes > 0 else {
        throw SwiftKerasError.invalidArgument("toCategorical needs numClasses >= 1, got \(classes)")
    }
    var encoded = [Float](repeating: 0, count: values.count * classes)
    for (row, label) in values.enumerated() {
        guard label.rounded() == label, label >= 0, label < Float(classes) else {
            throw SwiftKerasError.invalidData(
                "label \(label) at index \(row) is not a class index in 0..<\(classes)")
        }
        encoded[row * classes + Int(label)] = 1
    }
    return Tensor(shape: [values.count, classes], scalars: encoded)
}
