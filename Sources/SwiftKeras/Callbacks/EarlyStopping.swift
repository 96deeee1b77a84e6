/// Stops training when a monitored quantity has stopped improving, like `keras.callbacks.EarlyStopping`.
///
/// At the end of each epoch from `startFromEpoch` on: the wait counter goes up by one; an improvement (by more
/// than `minDelta` over the best value so far) records the new best and, when it also beats `baseline` (if
/// given), resets the wait to 0; otherwise, once `wait >= patience` (and the epoch is not the first), training
/// stops. With `restoreBestWeights`, the weights of the best epoch are put back when training ends.
///
/// ```swift
/// let stop = EarlyStopping(monitor: "loss", patience: 3)
/// try model.fit(x, y, epochs: 10, callbacks: [stop])   // stops after 3 epochs without improvement
/// ```
public final class EarlyStopping: Callback {
    /// The log key watched (`val_loss`, `accuracy`, ...).
    public let monitor: String
    /// The smallest change that counts as an improvement (its absolute value).
    public let minDelta: Double
    /// Epochs without improvement before stopping.
    public let patience: Int
    /// 0: silent; 1: prints when it stops and when it restores weights.
    public let verbose: Int
    /// Whether lower or higher is better.
    public let mode: MonitorMode
    /// A value the monitored quantity must beat for the wait counter to reset.
    public let baseline: Float?
    /// Whether to put back the weights of the best epoch at the end of training.
    public let restoreBestWeights: Bool
    /// Epochs to let pass before monitoring starts (a warm-up).
    public let startFromEpoch: Int

    /// Epochs since the last improvement that reset the counter.
    public private(set) var wait = 0
    /// The epoch (from 0) at which training was stopped, 0 if it was not.
    public private(set) var stoppedEpoch = 0
    /// The best monitored value so far (±infinity before the first).
    public private(set) var best: Float = .infinity
    /// The epoch (from 0) of the best value.
    public private(set) var bestEpoch = 0
    /// The model being trained.
    public private(set) var model: Sequential?
    private var bestWeights: [Tensor]?
    private var lowerIsBetter: Bool?

    /// Creates the callback with Keras 3's defaults.
    ///
    /// - Parameters:
    ///   - monitor: the quantity to watch.
    ///   - minDelta: changes smaller than this (in absolute value) are no improvement.
    ///   - patience: epochs without improvement after which training stops.
    ///   - verbose: 0 or 1.
    ///   - mode: `.auto` infers the direction from the name (`loss` down, accuracies up).
    ///   - baseline: a value to beat; `nil` for none.
    ///   - restoreBestWeights: restore the best epoch's weights when training ends.
    ///   - startFromEpoch: epochs of warm-up before monitoring.
    public init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, verbose: Int = 0,
                mode: MonitorMode = .auto, baseline: Float? = nil, restoreBestWeights: Bool = false,
                startFromEpoch: Int = 0) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
    }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called once when `fit` starts: resets the wait, the best value and weights and the stopped epoch, so
    /// that one callback serves several `fit` calls (Keras's `on_train_begin`).
    public func onTrainBegin(logs: [String: Float]) {
        wait = 0
        stoppedEpoch = 0
        best = mode == .max ? -.infinity : .infinity
        bestWeights = nil
        bestEpoch = 0
        lowerIsBetter = nil
    }

    /// Called at the end of each epoch with its logs (loss, metrics, `val_` entries).
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        if lowerIsBetter == nil {
            guard let direction = mode.lowerIsBetter(monitor, metrics: model?.metrics ?? []) else {
                model?.reportCallbackError(MonitorMode.unknownDirection(monitor, callback: "EarlyStopping"))
                return
            }
            lowerIsBetter = direction
            best = direction ? .infinity : -.infinity
        }
        guard let current = logs[monitor] else {
            callbackWarning("Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.keys.sorted().joined(separator: ","))")
            return
        }
        guard epoch >= startFromEpoch, let lowerIsBetter else { return }
        if restoreBestWeights, bestWeights == nil {
            bestWeights = model?.getWeights()
            bestEpoch = epoch
        }
        wait += 1
        if isImprovement(current, over: Double(best), lowerIsBetter: lowerIsBetter, minDelta: minDelta) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model?.getWeights() }
            if baseline.map({ isImprovement(current, over: Double($0), lowerIsBetter: lowerIsBetter, minDelta: minDelta) }) ?? true {
                wait = 0
            }
            return
        }
        if wait >= patience, epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining = true
        }
    }

    /// Called once when `fit` ends.
    public func onTrainEnd(logs: [String: Float]) {
        if stoppedEpoch > 0, verbose > 0 { print("Epoch \(stoppedEpoch + 1): early stopping") }
        if restoreBestWeights, let bestWeights {
            if verbose > 0 { print("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).") }
            do { try model?.setWeights(bestWeights) } catch { model?.reportCallbackError(error) }
        }
    }
}
