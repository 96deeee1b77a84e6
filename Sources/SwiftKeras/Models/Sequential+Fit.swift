import Foundation

extension Sequential {
    /// Trains the model, like Keras's `model.fit`.
    ///
    /// Each epoch shuffles the training rows (unless `shuffle` is false), trains on every batch including the
    /// last partial one, and reports the loss and metrics averaged over the epoch's samples (a metric object's
    /// result over all the epoch's batches, reset at each epoch); with validation data it then evaluates them
    /// under `val_` keys.
    ///
    /// - Parameters:
    ///   - x: inputs `[n, ...]` matching the model's input shape.
    ///   - y: labels: class indices `[n]` for sparse losses, `[n, outputs]` otherwise.
    ///   - epochs: passes over the data (>= 1).
    ///   - batchSize: samples per update (>= 1).
    ///   - validationSplit: the fraction of rows, taken from the end before shuffling, held out for validation.
    ///   - validationData: explicit validation data (takes precedence over `validationSplit`).
    ///   - shuffle: whether to shuffle the training rows each epoch.
    ///   - verbose: 0 silent, 1 progress bar, 2 one line per epoch.
    ///   - callbacks: hooks called during training.
    ///   - initialEpoch: the epoch to start from, to resume an earlier run (Keras's `initial_epoch`); epoch
    ///     `e` always shuffles the same way for the same model, so a resumed run repeats an uninterrupted one.
    /// - Returns: the per-epoch history.
    @discardableResult
    public func fit(_ x: Tensor, _ y: Tensor, epochs: Int = 1, batchSize: Int = 32, validationSplit: Float = 0,
                    validationData: (Tensor, Tensor)? = nil, shuffle: Bool = true, verbose: Verbosity = 1,
                    callbacks: [Callback] = [], initialEpoch: Int = 0) throws -> History {
        let compiled = try requireCompiled("fit")
        guard epochs >= 1 else { throw SwiftKerasError.invalidArgument("fit needs epochs >= 1, got \(epochs)") }
        guard initialEpoch >= 0, initialEpoch < epochs else {
            throw SwiftKerasError.invalidArgument("fit needs 0 <= initialEpoch < epochs, got initialEpoch \(initialEpoch) and epochs \(epochs)")
        }
        guard batchSize >= 1 else { throw SwiftKerasError.invalidArgument("fit needs batchSize >= 1, got \(batchSize)") }
        guard validationSplit >= 0, validationSplit < 1 else {
            throw SwiftKerasError.invalidArgument("validationSplit must be in [0, 1), got \(validationSplit)")
        }
        let data = try TrainingData.checked(x, y, model: self, loss: compiled.loss, metrics: compiled.metrics, caller: "fit")
        var training = data
        var validation: TrainingData?
        if let (xValidation, yValidation) = validationData {
            validation = try TrainingData.checked(xValidation, yValidation, model: self, loss: compiled.loss,
                                                  metrics: compiled.metrics, caller: "fit (validationData)")
        } else if validationSplit > 0 {
            (training, validation) = try data.split(validationFraction: validationSplit)
        }

        let history = History()
        // A batch larger than the data is the whole data (and `(count + batchSize - 1)` overflows at Int.max).
        let batchSize = Swift.min(batchSize, training.count)
        let steps = ceilDivide(training.count, batchSize)
        history.params = ["epochs": epochs, "steps": steps, "verbose": verbose.level]
        callbacks.forEach { $0.setModel(self) }
        callbackError = nil
        epochLogAdditions = [:]
        callbacks.forEach { $0.onTrainBegin(logs: [:]) }
        try throwCallbackError()
        stopTraining = false
        var logs: [String: Float] = [:]
        for epoch in initialEpoch..<epochs {
            callbacks.forEach { $0.onEpochBegin(epoch, logs: [:]) }
            try throwCallbackError()
            if verbose.level > 0 { print("Epoch \(epoch + 1)/\(epochs)") }
            var order = Array(0..<training.count)
            if shuffle {
                var generator = SeededGenerator(seed: shuffleSeed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
                order = generator.permutation(training.count)
            }
            var progress = ProgressBar(target: steps, verbosity: verbose)
            var epochMetrics = MetricAccumulator(compiled.metrics)
            for step in 0..<steps {
                callbacks.forEach { $0.onTrainBatchBegin(step, logs: [:]) }
                let rows = order[(step * batchSize)..<Swift.min((step + 1) * batchSize, training.count)]
                let (xBatch, yBatch) = training.batch(rows)
                try epochMetrics.add(trainStep(xBatch, yBatch, compiled: compiled), labels: yBatch)
                logs = epochMetrics.logs
                callbacks.forEach { $0.onTrainBatchEnd(step, logs: logs) }
                try throwCallbackError()
                if stopTraining { break }
                if step < steps - 1 { progress.update(step + 1, values: Self.ordered(logs, compiled.metrics)) }
            }
            if let validation {
                let results = try evaluateData(validation, compiled: compiled, batchSize: batchSize)
                for (key, value) in results { logs["val_" + key] = value }
            }
            // As in Keras, the history and the progress bar come after the user's callbacks, so that what a
            // callback adds to the epoch's logs (`learning_rate`) is recorded and shown.
            callbacks.forEach { $0.onEpochEnd(epoch, logs: logs) }
            logs.merge(epochLogAdditions) { _, added in added }
            epochLogAdditions = [:]
            progress.update(steps, values: Self.ordered(logs, compiled.metrics), finalize: true)
            history.record(epoch: epoch, logs: logs)
            try throwCallbackError()
            if stopTraining { break }
        }
        callbacks.forEach { $0.onTrainEnd(logs: logs) }
        return history
    }

    /// Log entries in display order: loss, metrics, then their validation versions.
    static func ordered(_ logs: [String: Float], _ metrics: [Metric]) -> [(String, Float)] {
        let names = ["loss"] + metrics.map(\.name)
        let keys = names + names.map { "val_" + $0 }
        let known = keys.compactMap { key in logs[key].map { (key, $0) } }
        let others = logs.keys.filter { !keys.contains($0) }.sorted().map { ($0, logs[$0]!) }
        return known + others
    }

    /// The loss and metrics over all of `data` (metric objects reset first), without updating the weights.
    func evaluateData(_ data: TrainingData, compiled: CompiledState, batchSize: Int,
                      progress: ProgressBar? = nil) throws -> [String: Float] {
        var progress = progress
        let batchSize = Swift.min(batchSize, data.count)
        let steps = ceilDivide(data.count, batchSize)
        var metrics = MetricAccumulator(compiled.metrics)
        let order = Array(0..<data.count)
        var logs: [String: Float] = [:]
        for step in 0..<steps {
            let rows = order[(step * batchSize)..<Swift.min((step + 1) * batchSize, data.count)]
            let (xBatch, yBatch) = data.batch(rows)
            try metrics.add(testStep(xBatch, yBatch, compiled: compiled), labels: yBatch)
            logs = metrics.logs
            progress?.update(step + 1, values: Self.ordered(logs, compiled.metrics), finalize: step == steps - 1)
        }
        return logs
    }
}
