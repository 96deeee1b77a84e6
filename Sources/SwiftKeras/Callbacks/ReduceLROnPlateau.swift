/// Reduces the learning rate when a monitored quantity has stopped improving, like
/// `keras.callbacks.ReduceLROnPlateau`.
///
/// At each epoch end: during a cooldown the counter goes down and the wait is reset; an improvement
/// (`current < best - minDelta`, or `> best + minDelta` when higher is better) records the best and resets the
/// wait; otherwise, outside a cooldown, the wait goes up and when it reaches `patience` the rate becomes
/// `max(lr · factor, minLR)` (if `lr > minLR`), the cooldown starts and the wait resets.
/// With `.auto`, names containing "acc" are maximized, everything else minimized. Reducing the rate of an
/// optimizer whose rate follows a `LearningRateSchedule` ends `fit` with an error, as Keras raises.
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
    /// The lower bound of the rate.
    public let minLR: Double

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
    ///   - mode: `.auto` maximizes names containing "acc" and minimizes the rest.
    ///   - minDelta: the threshold for measuring a new optimum.
    ///   - cooldown: epochs to wait after a reduction.
    ///   - minLR: the lower bound of the rate.
    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0,
                mode: MonitorMode = .auto, minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0) {
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.mode = mode
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
        reset()
    }

    private var lowerIsBetter: Bool { mode == .min || (mode == .auto && !monitor.contains("acc")) }

    private func reset() {
        best = lowerIsBetter ? .infinity : -.infinity
        cooldownCounter = 0
        wait = 0
    }

    private var inCooldown: Bool { cooldownCounter > 0 }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called once when `fit` starts; an invalid argument (the initializer cannot throw) ends `fit` with its error.
    public func onTrainBegin(logs: [String: Float]) {
        reset()
        if let problem = argumentProblem { model?.reportCallbackError(SwiftKerasError.invalidArgument(problem)) }
    }

    /// What is wrong with the arguments, if anything (Keras raises on a factor >= 1).
    var argumentProblem: String? {
        if !(factor >= 0 && factor < 1) { return "ReduceLROnPlateau needs a factor in [0, 1), got \(factor)" }
        if patience < 0 { return "ReduceLROnPlateau needs patience >= 0, got \(patience)" }
        if cooldown < 0 { return "ReduceLROnPlateau needs cooldown >= 0, got \(cooldown)" }
        if !(minLR >= 0) || !minLR.isFinite { return "ReduceLROnPlateau needs a finite minLR >= 0, got \(minLR)" }
        if !minDelta.isFinite { return "ReduceLROnPlateau needs a finite minDelta, got \(minDelta)" }
        return nil
    }

    /// Called at the end of each epoch with its logs (loss, metrics, `val_` entries).
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        // Keras logs the rate the epoch ran with, before any reduction.
        if let rate = model?.optimizer?.learningRate { model?.epochLogAdditions["learning_rate"] = rate }
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
            if oldLR > Float(minLR) {
                if let problem = scheduledRateProblem(optimizer, callback: "ReduceLROnPlateau") {
                    model?.reportCallbackError(problem)
                    return
                }
                let newLR = Swift.max(Double(oldLR) * factor, minLR)
                optimizer.learningRate = Float(newLR)
                if verbose > 0 { print("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(newLR).") }
                cooldownCounter = cooldown
                wait = 0
            }
        }
    }
}
