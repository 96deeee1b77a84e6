/// Where `fit`'s batches come from: arrays (`fit(x, y)`) or a `Dataset` pipeline, through one epoch loop.
struct EpochBatches {
    /// Batches per epoch, or nil while unknown (a dataset of unknown cardinality: learned when an epoch ends).
    var steps: Int?
    /// A function yielding epoch `epoch`'s batches one by one, then nil.
    let epoch: (Int) -> () throws -> (x: Tensor, y: Tensor)?
}

extension Sequential {
    /// Keras's epoch loop (`fit`'s body after its arguments are checked): each epoch runs the one training step
    /// (`trainStep`) on every batch, tracks the loss and metrics over the epoch (`MetricAccumulator`), runs
    /// `validate` with the epoch's number, and calls the callbacks in Keras's order.
    func runEpochs(_ batches: EpochBatches, compiled: CompiledState, epochs: Int, initialEpoch: Int, verbose: Verbosity,
                   callbacks: [Callback], validate: ((Int) throws -> [String: Float])?) throws -> History {
        let history = History()
        var steps = batches.steps
        history.params = ["epochs": epochs, "verbose": verbose.level]
        history.params["steps"] = steps
        callbacks.forEach { $0.setModel(self) }
        callbackError = nil
        epochLogAdditions = [:]
        callbacks.forEach { $0.onTrainBegin(logs: [:]) }
        try throwCallbackError()
        stopTraining = false
        var logs: [String: Float] = [:]
        for epoch in initialEpoch..<epochs {
            let next = batches.epoch(epoch)
            var pending = try next()
            guard pending != nil else {
                // Keras: "Your input ran out of data; interrupting training."
                if epoch == initialEpoch { throw SwiftKerasError.invalidData("fit got no batches from its data for epoch \(epoch + 1)") }
                if verbose.level > 0 { print("Your input ran out of data; interrupting training.") }
                break
            }
            callbacks.forEach { $0.onEpochBegin(epoch, logs: [:]) }
            try throwCallbackError()
            if verbose.level > 0 { print("Epoch \(epoch + 1)/\(epochs)") }
            var progress = ProgressBar(target: steps, verbosity: verbose)
            var epochMetrics = MetricAccumulator(compiled.metrics)
            var step = 0
            while let (xBatch, yBatch) = pending.map({ ($0.x, $0.y) }) {
                callbacks.forEach { $0.onTrainBatchBegin(step, logs: [:]) }
                try epochMetrics.add(trainStep(xBatch, yBatch, compiled: compiled), labels: yBatch)
                logs = epochMetrics.logs
                callbacks.forEach { $0.onTrainBatchEnd(step, logs: logs) }
                try throwCallbackError()
                step += 1
                if stopTraining { break }
                pending = try next()
                if pending != nil { progress.update(step, values: Self.ordered(logs, compiled.metrics)) }
            }
            // As Keras's progress bar, an unknown step count is known once an epoch has ended.
            if steps == nil, !stopTraining { steps = step }
            if let validate {
                for (key, value) in try validate(epoch) { logs["val_" + key] = value }
            }
            // As in Keras, the history and the progress bar come after the user's callbacks, so that what a
            // callback adds to the epoch's logs (`learning_rate`) is recorded and shown.
            callbacks.forEach { $0.onEpochEnd(epoch, logs: logs) }
            logs.merge(epochLogAdditions) { _, added in added }
            epochLogAdditions = [:]
            progress.target = steps ?? step
            progress.update(progress.target!, values: Self.ordered(logs, compiled.metrics), finalize: true)
            history.record(epoch: epoch, logs: logs)
            try throwCallbackError()
            if stopTraining { break }
        }
        callbacks.forEach { $0.onTrainEnd(logs: logs) }
        return history
    }
}
