/// Sets the learning rate at the start of every epoch from a schedule, like
/// `keras.callbacks.LearningRateScheduler`: `lr ← schedule(epoch, lr)`, epochs counted from 0.
/// An optimizer whose rate follows a `LearningRateSchedule` ends `fit` with an error, as Keras raises.
///
/// ```swift
/// let scheduler = LearningRateScheduler { epoch, lr in epoch < 10 ? lr : lr * exp(-0.1) }
/// ```
public final class LearningRateScheduler: Callback {
    /// Maps the epoch index (from 0) and the current rate to the new rate.
    public let schedule: (Int, Float) -> Float
    /// 0: silent; 1: prints each new rate.
    public let verbose: Int
    /// The model being trained.
    public private(set) var model: Sequential?

    /// Creates the scheduler.
    ///
    /// - Parameters:
    ///   - schedule: `(epoch, currentRate) -> newRate`.
    ///   - verbose: 0 or 1.
    public init(schedule: @escaping (Int, Float) -> Float, verbose: Int = 0) {
        self.schedule = schedule
        self.verbose = verbose
    }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called at the start of each epoch.
    public func onEpochBegin(_ epoch: Int, logs: [String: Float]) {
        guard let optimizer = model?.optimizer else {
            model?.reportCallbackError(SwiftKerasError.notReady("LearningRateScheduler needs a compiled model with an optimizer"))
            return
        }
        if let problem = scheduledRateProblem(optimizer, callback: "LearningRateScheduler") {
            model?.reportCallbackError(problem)
            return
        }
        let rate = schedule(epoch, optimizer.learningRate)
        guard rate.isFinite else {
            model?.reportCallbackError(SwiftKerasError.invalidArgument(
                "the LearningRateScheduler schedule returned \(rate) for epoch \(epoch); expected a finite rate"))
            return
        }
        optimizer.learningRate = rate
        if verbose > 0 { print("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(Double(rate)).") }
    }

    /// Records the epoch's rate as `learning_rate` in its logs and the history, as Keras does.
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        if let rate = model?.optimizer?.learningRate { model?.epochLogAdditions["learning_rate"] = rate }
    }
}
