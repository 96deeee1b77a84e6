/// Hooks into `fit`, `evaluate` and `predict`, with Keras's hook points and logs.
///
/// Every method has an empty default, so a callback implements only what it needs:
/// ```swift
/// final class PrintLoss: Callback {
///     func onEpochEnd(_ epoch: Int, logs: [String: Float]) { print(epoch, logs["loss"]!) }
/// }
/// ```
/// Logs carry Keras's keys: `loss`, metric names, and `val_` versions at the end of an epoch.
public protocol Callback: AnyObject {
    /// Called once before training with the model being trained (Keras's `set_model`).
    func setModel(_ model: Sequential)
    /// Called at the start of `fit`.
    func onTrainBegin(logs: [String: Float])
    /// Called at the end of `fit`.
    func onTrainEnd(logs: [String: Float])
    /// Called at the start of each epoch (counted from 0).
    func onEpochBegin(_ epoch: Int, logs: [String: Float])
    /// Called at the end of each epoch with the epoch's training and validation results.
    func onEpochEnd(_ epoch: Int, logs: [String: Float])
    /// Called before each training batch.
    func onTrainBatchBegin(_ batch: Int, logs: [String: Float])
    /// Called after each training batch with the running means of the epoch so far.
    func onTrainBatchEnd(_ batch: Int, logs: [String: Float])
    /// Called at the start of `evaluate` (and of validation inside `fit`).
    func onTestBegin(logs: [String: Float])
    /// Called at the end of `evaluate` (and of validation inside `fit`) with its results, without `val_` prefixes.
    func onTestEnd(logs: [String: Float])
    /// Called before each batch of `evaluate` (and of validation inside `fit`).
    func onTestBatchBegin(_ batch: Int, logs: [String: Float])
    /// Called after each batch of `evaluate` (and of validation inside `fit`) with the running means so far.
    func onTestBatchEnd(_ batch: Int, logs: [String: Float])
    /// Called at the start of `predict`.
    func onPredictBegin(logs: [String: Float])
    /// Called at the end of `predict`.
    func onPredictEnd(logs: [String: Float])
    /// Called before each batch of `predict`.
    func onPredictBatchBegin(_ batch: Int, logs: [String: Float])
    /// Called after each batch of `predict`.
    func onPredictBatchEnd(_ batch: Int, logs: [String: Float])
}

extension Callback {
    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) {}
    /// Called once when `fit` starts.
    public func onTrainBegin(logs: [String: Float]) {}
    /// Called once when `fit` ends.
    public func onTrainEnd(logs: [String: Float]) {}
    /// Called at the start of each epoch.
    public func onEpochBegin(_ epoch: Int, logs: [String: Float]) {}
    /// Called at the end of each epoch with its logs (loss, metrics, `val_` entries).
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {}
    /// Called before each training batch.
    public func onTrainBatchBegin(_ batch: Int, logs: [String: Float]) {}
    /// Called after each training batch with the running logs.
    public func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {}
    /// Called when evaluation starts.
    public func onTestBegin(logs: [String: Float]) {}
    /// Called when evaluation ends, with its results.
    public func onTestEnd(logs: [String: Float]) {}
    /// Called before each evaluation batch.
    public func onTestBatchBegin(_ batch: Int, logs: [String: Float]) {}
    /// Called after each evaluation batch with the running logs.
    public func onTestBatchEnd(_ batch: Int, logs: [String: Float]) {}
    /// Called when `predict` starts.
    public func onPredictBegin(logs: [String: Float]) {}
    /// Called when `predict` ends.
    public func onPredictEnd(logs: [String: Float]) {}
    /// Called before each `predict` batch.
    public func onPredictBatchBegin(_ batch: Int, logs: [String: Float]) {}
    /// Called after each `predict` batch.
    public func onPredictBatchEnd(_ batch: Int, logs: [String: Float]) {}
}
