import Foundation

/// Writes training curves for TensorBoard, like `keras.callbacks.TensorBoard`: event files in `logDir/train` and
/// `logDir/validation` that `tensorboard --logdir logs` shows.
///
/// At the end of each epoch the training logs go to `train` as `epoch_loss`, `epoch_accuracy`, ... and the
/// optimizer's rate as `epoch_learning_rate`; the `val_` logs go to `validation` without their prefix
/// (`epoch_loss`, ...), all at step = the epoch index (from 0); each validation also writes
/// `evaluation_loss_vs_iterations` (and its metrics) to `validation` at step = the optimizer's iterations. With
/// `updateFreq: .batches(n)`, every n-th training batch writes `batch_loss`, ... at step = the number of batches
/// trained so far.
///
/// ```swift
/// try model.fit(x, y, epochs: 5, callbacks: [TensorBoard(logDir: "logs")])
/// ```
public final class TensorBoard: Callback {
    /// How often to write training scalars.
    public enum UpdateFrequency: Equatable {
        /// Once per epoch (Keras's `update_freq="epoch"`).
        case epoch
        /// Also every `n` training batches (Keras's `update_freq=n`).
        case batches(Int)
    }

    /// The folder holding the `train` and `validation` runs.
    public let logDir: String
    /// When to write training scalars.
    public let updateFreq: UpdateFrequency
    /// The model being trained.
    public private(set) var model: Sequential?
    /// The event file of the training scalars (nil before `fit` starts).
    public private(set) var trainWriter: EventFileWriter?
    /// The event file of the validation scalars (created by the first validation).
    public private(set) var validationWriter: EventFileWriter?
    private var trainedBatches = 0

    /// Creates the callback with Keras's defaults.
    ///
    /// - Parameters:
    ///   - logDir: the folder for the event files (created if needed).
    ///   - updateFreq: `.epoch`, or `.batches(n)` to also write batch scalars every n batches (n ≥ 1).
    public init(logDir: String = "logs", updateFreq: UpdateFrequency = .epoch) {
        self.logDir = logDir
        self.updateFreq = updateFreq
    }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Opens the training event file.
    public func onTrainBegin(logs: [String: Float]) {
        trainedBatches = 0
        if case .batches(let n) = updateFreq, n < 1 {
            return fail(SwiftKerasError.invalidArgument("TensorBoard needs updateFreq .epoch or .batches(n) with n >= 1, got .batches(\(n))"))
        }
        trainWriter = attempt { try EventFileWriter(directory: "\(logDir)/train") }
    }

    /// Writes `batch_` scalars every `n` batches with `updateFreq: .batches(n)`.
    public func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {
        trainedBatches += 1
        guard case .batches(let n) = updateFreq, n >= 1, trainedBatches % n == 0 else { return }
        write(logs, prefix: "batch_", step: trainedBatches, to: trainWriter)
    }

    /// Writes the epoch's training scalars (with the learning rate) and validation scalars.
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        var training = logs.filter { !$0.key.hasPrefix("val_") }
        if let rate = model?.optimizer?.learningRate { training["learning_rate"] = rate }
        write(training, prefix: "epoch_", step: epoch, to: trainWriter)
        let validation = Dictionary(uniqueKeysWithValues: logs.filter { $0.key.hasPrefix("val_") }
            .map { (String($0.key.dropFirst(4)), $0.value) })
        guard !validation.isEmpty else { return }
        let writer = openValidationWriter()
        write(validation, prefix: "epoch_", step: epoch, to: writer)
        // Keras writes these when the validation pass ends (`on_test_end`), just before `on_epoch_end`.
        if let iterations = model?.optimizer?.iterations {
            let evaluation = Dictionary(uniqueKeysWithValues: validation.map { ("evaluation_\($0.key)_vs_iterations", $0.value) })
            write(evaluation, prefix: "", step: iterations, to: writer)
        }
    }

    /// Closes the event files.
    public func onTrainEnd(logs: [String: Float]) {
        trainWriter = nil
        validationWriter = nil
    }

    private func openValidationWriter() -> EventFileWriter? {
        if validationWriter == nil, trainWriter != nil {
            validationWriter = attempt { try EventFileWriter(directory: "\(logDir)/validation") }
        }
        return validationWriter
    }

    /// One event with the logs as scalars, tags in sorted order.
    private func write(_ logs: [String: Float], prefix: String, step: Int, to writer: EventFileWriter?) {
        guard let writer else { return }
        let scalars = logs.keys.sorted().map { (tag: prefix + $0, value: logs[$0]!) }
        _ = attempt { try writer.writeScalars(scalars, step: step) }
    }

    private func attempt<Result>(_ body: () throws -> Result) -> Result? {
        do { return try body() } catch {
            fail(error)
            return nil
        }
    }

    private func fail(_ error: any Error) {
        model?.reportCallbackError(error)
        trainWriter = nil
        validationWriter = nil
    }
}
