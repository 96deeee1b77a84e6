/// Stops training as soon as a batch's loss is NaN or infinite, like `keras.callbacks.TerminateOnNaN`.
///
/// By default the stop is graceful (`stopTraining`, so the epoch ends and `onTrainEnd` runs); with `raiseError`
/// `fit` throws a `SwiftKerasError` instead.
public final class TerminateOnNaN: Callback {
    /// Whether `fit` throws instead of stopping.
    public let raiseError: Bool
    /// The model being trained.
    public private(set) var model: Sequential?

    /// Creates the callback.
    ///
    /// - Parameter raiseError: throw from `fit` instead of stopping gracefully.
    public init(raiseError: Bool = false) {
        self.raiseError = raiseError
    }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called after each training batch with the running logs.
    public func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {
        guard let loss = logs["loss"], loss.isNaN || loss.isInfinite else { return }
        if raiseError {
            model?.reportCallbackError(SwiftKerasError.invalidData(
                "NaN or Inf loss encountered at batch \(batch). Loss value: \(loss). Terminating training immediately."))
        } else {
            print("Batch \(batch): Invalid loss, terminating training")
            model?.stopTraining = true
        }
    }
}
