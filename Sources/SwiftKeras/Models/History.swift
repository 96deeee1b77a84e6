/// What `fit` returns: the per-epoch values of the loss and every metric, under Keras's key names
/// (`loss`, `accuracy`, `val_loss`, `val_accuracy`, ...).
public final class History {
    /// Per-epoch values, keyed as Keras keys them.
    public internal(set) var history: [String: [Float]] = [:]
    /// The epoch indices that were run, from 0.
    public internal(set) var epoch: [Int] = []
    /// The arguments `fit` ran with (`epochs`, `steps`, `verbose`), as Keras's `History.params`.
    public internal(set) var params: [String: Int] = [:]

    /// Creates an empty history.
    public init() {}

    /// Appends one epoch's logs (`fit` does this after every epoch; a custom training loop can do it too, so
    /// that `plot(to:)` draws its curves).
    public func record(epoch index: Int, logs: [String: Float]) {
        epoch.append(index)
        for (key, value) in logs { history[key, default: []].append(value) }
    }
}
