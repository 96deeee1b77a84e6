import SwiftKeras

/// A running accuracy, like `keras.metrics.Accuracy`: the fraction of predicted labels that equal the true
/// labels, accumulated over `updateState` calls until `resetStates`.
///
/// accuracy = matches / count, over every label seen since the last reset
struct AccuracyMeter {
    private var matches = 0
    private var count = 0

    /// Adds a batch of predicted labels (e.g. `out.argmax(axis: 1)`) and true labels, both `[b]`.
    ///
    /// - Parameters:
    ///   - predicted: predicted class indices.
    ///   - actual: true class indices.
    mutating func updateState(_ predicted: Tensor, _ actual: Tensor) {
        matches += zip(predicted.scalars, actual.scalars).filter { $0 == $1 }.count
        count += actual.count
    }

    /// The accuracy so far, 0 before any update.
    func result() -> Float { count == 0 ? 0 : Float(matches) / Float(count) }

    /// Forgets every update.
    mutating func resetStates() {
        matches = 0
        count = 0
    }
}
