/// Reduces the learning rate when a monitored quantity has stopped improving, like
/// `keras.callbacks.ReduceLROnPlateau`.
///
/// At each epoch end: during a cooldown the counter goes down and the wait is reset; an improvement
/// (`current < best - minDelta`, or `> best + minDelta` when higher is better) records the best and resets the
/// wait; otherwise, outside a cooldown, the wait goes up and when it reaches `patience` the rate becomes
/// `max(lr · factor, minLr)` (if `lr > minLr`), the cooldown starts and the wait resets.
/// With `.auto`, the direction follows Keras 3's rule (`MonitorMode`): `loss` and `val_loss` are minimized, a
/// compiled metric follows its direction, and any other name ends `fit` with an error asking for a mode.
/// Training begins afresh each `fit`: the best value, the wait and the cooldown are reset, so one callback
/// serves several `fit` calls.
/// Reducing the rate of an optimizer whose rate follows a `LearningRateSchedule` ends `fit` with an error, as
/// Keras raises.
public final class ReduceLROnPlateau: Callback {
    /// The log key watched.
    public let monitor: String
    /// The factor the rate is multiplied by (< 1).
    public let factor: Double
    /// Epochs without improvement before the rate is reduced.
    public let patience: Int
    /// 0: silent; 1: prints each reduction.
    public let verbose: Int
    /// Whether lower or higher is better.
    public let mode: MonitorMode
    /// The threshold for a new best.
    public let minDelta: Double
    /// Epochs to wait after a reduction before counting again.
    public let cooldown: Int
    /// The lower bound of the rate (Keras's `min_lr`).
    public let minLr: Double
    /// The lower bound of the rate.
    @available(*, deprecated, renamed: "minLr")
    public var minLR: Double { minLr }

    /// Epochs without improvement.
    public private(set) var wait = 0
    /// Epochs of cooldown left.
    public private(set) var cooldownCounter = 0
    /// The best monitored value so far.
    public private(set) var best: Float = .infinity
    /// The model being trained.
    public private(set) var model: Sequential?

    /// Creates the callback with Keras 3's defaults.
    ///
    /// - Parameters:
    ///   - monitor: the quantity to watch.
    ///   - factor: `newLR = lr · factor`; must be below 1.
    ///   - patience: epochs without improvement before reducing.
    ///   - verbose: 0 or 1.
    ///   - mode: `.auto` decides from the name as Keras 3 does (losses down, a compiled metric its way).
    ///   - minDelta: the threshold for measuring a new optimum.
    ///   - cooldown: epochs to wait after a reduction.
    ///   - minLr: the lower bound of the rate.
    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0,
                mode: MonitorMode = .auto, minDelta: Double = 1e-4, cooldown: Int = 0, minLr: Double = 0) {
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLr = minLr
    }

    /// The earlier spelling of `init(monitor:factor:patience:verbose:mode:minDelta:cooldown:minLr:)`.
    @available(*, deprecated, renamed: "init(monitor:factor:patience:verbose:mode:minDelta:cooldown:minLr:)")
    public convenience init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0,
                            mode: MonitorMode = .auto, minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double) {
        self.init(monitor: monitor, factor: factor, patience: patience, verbose: verbose, mode: mode,
                  minDelta: minDelta, cooldown: cooldown, minLr: minLR)
    }

    /// Whether lower is better, decided at the first epoch end of a `fit` (once the model's metrics are known).
    private var lowerIsBetter: Bool?

    private func reset() {
        best = mode == .max ? -.infinity : .infinity
        lowerIsBetter = nil
        cooldownCounter = 0
        wait = 0
    }

    private var inCooldown: Bool { cooldownCounter > 0 }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called once when `fit` starts: resets the best value, the wait and the cooldown (as Keras's `_reset`); an
    /// invalid argument (the initializer cannot throw) ends `fit` with its error.
    public func onTrainBegin(logs: [String: Float]) {
        reset()
        if let problem = argumentProblem { model?.reportCallbackError(SwiftKerasError.invalidArgument(problem)) }
    }

    /// What is wrong with the arguments, if anything (Keras raises on a factor >= 1).
    var argumentProblem: String? {
        if !(factor >= 0 && factor < 1) { return "ReduceLROnPlateau needs a factor in [0, 1), got \(factor)" }
        if patience < 0 { return "ReduceLROnPlateau needs patience >= 0, got \(patience)" }
        if cooldown < 0 { return "ReduceLROnPlateau needs cooldown >= 0, got \(cooldown)" }
        if !(minLr >= 0) || !minLr.isFinite { return "ReduceLROnPlateau needs a finite minLr >= 0, got \(minLr)" }
        if !minDelta.isFinite { return "ReduceLROnPlateau needs a finite minDelta, got \(minDelta)" }
        return nil
    }

    /// Called at the end of each epoch with its logs (loss, metrics, `val_` entries).
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        // Keras logs the rate the epoch ran with, before any reduction.
        if let rate = model?.optimizer?.learningRate { model?.epochLogAdditions["learning_rate"] = rate }
        if lowerIsBetter == nil {
            guard let direction = mode.lowerIsBetter(monitor, metrics: model?.metrics ?? []) else {
                model?.reportCallbackError(MonitorMode.unknownDirection(monitor, callback: "ReduceLROnPlateau"))
                return
            }
            lowerIsBetter = direction
            best = direction ? .infinity : -.infinity
        }
        guard let lowerIsBetter else { return }
        guard let current = logs[monitor] else {
            callbackWarning("Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.keys.sorted().joined(separator: ",")).")
            return
        }
        if inCooldown {
            cooldownCounter -= 1
            wait = 0
        }
        let improved = lowerIsBetter ? Double(current) < Double(best) - minDelta : Double(current) > Double(best) + minDelta
        if improved {
            best = current
            wait = 0
        } else if !inCooldown {
            wait += 1
            guard wait >= patience, let optimizer = model?.optimizer else { return }
            let oldLR = optimizer.learningRate
            if oldLR > Float(minLr) {
                if let problem = scheduledRateProblem(optimizer, callback: "ReduceLROnPlateau") {
                    model?.reportCallbackError(problem)
                    return
                }
                let newLR = Swift.max(Double(oldLR) * factor, minLr)
                optimizer.learningRate = Float(newLR)
                if verbose > 0 { print("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(newLR).") }
                cooldownCounter = cooldown
                wait = 0
            }
        }
    }
}
