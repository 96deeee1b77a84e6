/// Saves the model (or only its weights) during training, like `keras.callbacks.ModelCheckpoint`.
///
/// The path may hold Python format fields filled from the epoch (counted from 1) and the logs:
/// `"ckpt_{epoch:02d}_{val_loss:.4f}.swiftkeras"`. Whole models are saved with `save(to:)`, weights with
/// `saveWeights(to:)` (safetensors). Every write is atomic, so a failed write leaves the previous checkpoint
/// intact; the failure ends `fit` with the error, as in Keras.
///
/// With `saveBestOnly`, a checkpoint is written only when the monitored value improves on the best so far
/// (or on `initialValueThreshold`); a missing monitored value warns and saves anyway.
public final class ModelCheckpoint: Callback {
    /// How often to save: after every epoch, or after every `n` training batches.
    public enum SaveFrequency: Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        /// At the end of every epoch.
        case epoch
        /// After every `n` batches (counted across epochs).
        case batches(Int)
        /// A string other than `"epoch"`: `fit` throws when training begins.
        case unrecognized(String)

        /// What is wrong with the frequency, if anything.
        var problem: String? {
            switch self {
            case .epoch: return nil
            case .batches(let count):
                return count >= 1 ? nil : "ModelCheckpoint saveFreq must be \"epoch\" or at least 1 batch, got \(count)"
            case .unrecognized(let text):
                return "Unrecognized ModelCheckpoint saveFreq \"\(text)\": expected \"epoch\" or a number of batches >= 1"
            }
        }

        /// `"epoch"`, the only string Keras accepts.
        public init(stringLiteral value: String) {
            // A literal cannot throw: an unrecognized string is kept and `fit` throws when training begins.
            self = value == "epoch" ? .epoch : .unrecognized(value)
        }

        /// A number of batches.
        public init(integerLiteral value: Int) {
            self = .batches(value)  // checked (>= 1) when `fit` begins
        }
    }

    /// The checkpoint path template.
    public let filepath: String
    /// The log key compared when `saveBestOnly`.
    public let monitor: String
    /// 0: silent; 1: prints each save decision.
    public let verbose: Int
    /// Whether to save only when the monitored value improves.
    public let saveBestOnly: Bool
    /// Whether to save only the weights (safetensors) instead of the whole model.
    public let saveWeightsOnly: Bool
    /// Whether lower or higher is better.
    public let mode: MonitorMode
    /// When to save.
    public let saveFreq: SaveFrequency
    /// The value the first checkpoint must beat when `saveBestOnly`.
    public let initialValueThreshold: Float?

    /// The best monitored value saved so far.
    public private(set) var best: Float?
    /// The model being trained.
    public private(set) var model: Sequential?
    private var lowerIsBetter: Bool?
    private var currentEpoch = 0
    private var batchesSinceLastSave = 0
    private var lastBatchSeen = 0

    /// Creates the callback with Keras 3's defaults.
    ///
    /// - Parameters:
    ///   - filepath: where to save, with optional `{epoch:02d}`, `{batch}` and `{<log key>:.4f}` fields.
    ///   - monitor: the quantity compared when `saveBestOnly`.
    ///   - verbose: 0 or 1.
    ///   - saveBestOnly: save only when the monitored value improves.
    ///   - saveWeightsOnly: save `saveWeights(to:)` (safetensors) instead of `save(to:)`.
    ///   - mode: `.auto` infers the direction from the name (`loss` down, accuracies up).
    ///   - saveFreq: `"epoch"` or a number of batches.
    ///   - initialValueThreshold: the initial best value, when `saveBestOnly`.
    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, saveFreq: SaveFrequency = "epoch",
                initialValueThreshold: Float? = nil) {
        self.filepath = filepath
        self.monitor = monitor
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.mode = mode
        self.saveFreq = saveFreq
        self.initialValueThreshold = initialValueThreshold
        self.best = initialValueThreshold
    }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called once when `fit` starts: an invalid `saveFreq` (a literal cannot throw) ends `fit` with its error.
    public func onTrainBegin(logs: [String: Float]) {
        if let problem = saveFreq.problem { model?.reportCallbackError(SwiftKerasError.invalidArgument(problem)) }
    }

    /// Called at the start of each epoch.
    public func onEpochBegin(_ epoch: Int, logs: [String: Float]) { currentEpoch = epoch }

    /// Called after each training batch with the running logs.
    public func onTrainBatchEnd(_ batch: Int, logs: [String: Float]) {
        guard case .batches(let frequency) = saveFreq else { return }
        batchesSinceLastSave += batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen
        lastBatchSeen = batch
        if batchesSinceLastSave >= frequency {
            batchesSinceLastSave = 0
            save(epoch: currentEpoch, batch: batch, logs: logs)
        }
    }

    /// Called at the end of each epoch with its logs (loss, metrics, `val_` entries).
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        if saveFreq == .epoch { save(epoch: epoch, batch: nil, logs: logs) }
    }

    /// Fills the path, decides whether to save, and saves; errors end `fit`.
    private func save(epoch: Int, batch: Int?, logs: [String: Float]) {
        guard let model else { return }
        do {
            var values = logs.mapValues { FilepathTemplate.Value.float(Double($0)) }
            values["epoch"] = .int(epoch + 1)
            if let batch, logs["batch"] == nil { values["batch"] = .int(batch + 1) }
            let path = try FilepathTemplate.format(filepath, values)
            guard try shouldSave(epoch: epoch, logs: logs, path: path, model: model) else { return }
            if saveWeightsOnly { try model.saveWeights(to: path) } else { try model.save(to: path) }
        } catch {
            model.reportCallbackError(error)
        }
    }

    private func shouldSave(epoch: Int, logs: [String: Float], path: String, model: Sequential) throws -> Bool {
        guard saveBestOnly else {
            if verbose > 0 { print("\nEpoch \(epoch + 1): saving model to \(path)") }
            return true
        }
        guard let current = logs[monitor] else {
            callbackWarning("Can save best model only with \(monitor) available.")
            return true
        }
        if lowerIsBetter == nil {
            guard let direction = mode.lowerIsBetter(monitor, metrics: model.metrics) else {
                throw MonitorMode.unknownDirection(monitor, callback: "ModelCheckpoint")
            }
            lowerIsBetter = direction
            if best == nil { best = direction ? .infinity : -.infinity }
        }
        let bestText = String(format: "%.5f", Double(best!))
        if isImprovement(current, over: Double(best!), lowerIsBetter: lowerIsBetter!, minDelta: 0) {
            if verbose > 0 {
                print("\nEpoch \(epoch + 1): \(monitor) improved from \(bestText) to \(String(format: "%.5f", Double(current))), saving model to \(path)")
            }
            best = current
            return true
        }
        if verbose > 0 { print("\nEpoch \(epoch + 1): \(monitor) did not improve from \(bestText)") }
        return false
    }
}
