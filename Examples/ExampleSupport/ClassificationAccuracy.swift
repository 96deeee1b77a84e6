import SwiftKeras

/// The fraction of rows whose largest prediction is the true class, as `keras.metrics.Accuracy` counts
/// `argmax(out) == y`.
///
/// accuracy = (1/N) Σᵢ [argmax(predictionsᵢ) = labelᵢ]
/// - Parameters:
///   - predictions: `[N, classes]` scores, probabilities or logits.
///   - labels: `[N]` class indices, or `[N, classes]` one-hot rows.
public func classificationAccuracy(_ predictions: Tensor, labels: Tensor) -> Float {
    let rows = predictions.shape[0]
    guard rows > 0 else { return 0 }
    let predicted = predictions.argmax(axis: 1).scalars
    let actual = labels.rank == 2 ? labels.argmax(axis: 1).scalars : labels.scalars
    return Float(zip(predicted, actual).filter { $0 == $1 }.count) / Float(rows)
}
