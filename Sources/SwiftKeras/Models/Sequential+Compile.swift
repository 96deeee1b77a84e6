/// What `compile` fixed: the optimizer, the loss and the metrics.
struct CompiledState {
    let optimizer: any Optimizer
    let loss: Loss
    let metrics: [Metric]
}

extension Sequential {
    /// Configures the model for training, like Keras's `model.compile`.
    ///
    /// - Parameters:
    ///   - optimizer: the optimizer, e.g. `Adam()`; Keras's default, `RMSprop()`, when left out.
    ///   - loss: the objective, e.g. `.sparseCategoricalCrossentropy()`.
    ///   - metrics: what `fit` and `evaluate` report besides the loss.
    ///
    /// `compile` cannot throw (as in the API); an invalid optimizer argument (`Adam(beta1: 1)`, a negative
    /// learning rate) or an unregistered loss makes `fit` and `evaluate` throw before any training.
    public func compile(optimizer: any Optimizer = RMSprop(), loss: Loss, metrics: [Metric] = []) {
        compiled = CompiledState(optimizer: optimizer, loss: loss, metrics: metrics)
    }

    /// The optimizer given to `compile`, if any.
    public var optimizer: (any Optimizer)? { compiled?.optimizer }

    /// The loss given to `compile`, if any.
    public var loss: Loss? { compiled?.loss }

    /// The metrics given to `compile`.
    public var metrics: [Metric] { compiled?.metrics ?? [] }

    /// The compiled state, or an error saying that `compile` must come first.
    func requireCompiled(_ caller: String) throws -> CompiledState {
        guard let compiled else {
            throw SwiftKerasError.notReady(
                "\(caller) needs a compiled model: call model.compile(optimizer:loss:metrics:) before \(caller)")
        }
        if let addError { throw addError }
        try validateOptimizer(compiled.optimizer)
        for metric in compiled.metrics { try (metric.stateful as? ArgumentCheckedMetric)?.checkArguments() }
        if case .registered(let name) = compiled.loss, LossRegistry.body(named: name) == nil {
            throw SwiftKerasError.notReady(
                "\(caller): loss \(name) is not registered: call registerLoss(\"\(name)\") { yTrue, yPred in ... } first")
        }
        return compiled
    }
}
