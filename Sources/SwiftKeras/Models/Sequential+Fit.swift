import Foundation

extension Sequential {
    /// Trains the model, like Keras's `model.fit`.
    ///
    /// Each epoch shuffles the training rows (unless `shuffle` is false), trains on every batch including the
    /// last partial one, and reports the loss and metrics averaged over the epoch's samples; with validation
    /// data it then evaluates them under `val_` keys.
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
            var lossSum = 0.0
            var metricSums = [Double](repeating: 0, count: compiled.metrics.count)
            var seen = 0
            for step in 0..<steps {
                callbacks.forEach { $0.onTrainBatchBegin(step, logs: [:]) }
                let rows = order[(step * batchSize)..<Swift.min((step + 1) * batchSize, training.count)]
                let (xBatch, yBatch) = training.batch(rows)
                let result = trainStep(xBatch, yBatch, compiled: compiled)
                lossSum += result.loss
                for (index, value) in result.metrics.enumerated() { metricSums[index] += value }
                seen += rows.count
                logs = Self.logs(loss: lossSum, metrics: metricSums, names: compiled.metrics, count: seen)
                callbacks.forEach { $0.onTrainBatchEnd(step, logs: logs) }
                try throwCallbackError()
                if stopTraining { break }
                progress.update(step + 1, values: Self.displayed(logs), finalize: false)
            }
            if let validation {
                let results = evaluateData(validation, compiled: compiled, batchSize: batchSize, callbacks: callbacks)
                for (key, value) in results { logs["val_" + key] = value }
            }
            // As in Keras, the history and the progress bar come after the user's callbacks, so that what a
            // callback adds to the epoch's logs (`learning_rate`) is recorded and shown.
            callbacks.forEach { $0.onEpochEnd(epoch, logs: logs) }
            logs.merge(epochLogAdditions) { _, added in added }
            epochLogAdditions = [:]
            progress.update(steps, values: Self.displayed(logs), finalize: true)
            history.record(epoch: epoch, logs: logs)
            try throwCallbackError()
            if stopTraining { break }
        }
        callbacks.forEach { $0.onTrainEnd(logs: logs) }
        return history
    }

    /// Keras's log dictionary: `loss` and each metric as means over `count` samples.
    static func logs(loss: Double, metrics: [Double], names: [Metric], count: Int) -> [String: Float] {
        var logs = ["loss": Float(loss / Double(Swift.max(count, 1)))]
        for (metric, sum) in zip(names, metrics) { logs[metric.name] = Float(sum / Double(Swift.max(count, 1))) }
        return logs
    }

    /// Log entries as Keras 3's progress bar lists them: sorted by name (`accuracy`, `loss`, `val_accuracy`, ...).
    static func displayed(_ logs: [String: Float]) -> [(String, Float)] {
        logs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Log entries in Keras's result order: loss, metrics in compile order, then their validation versions.
    static func ordered(_ logs: [String: Float], _ metrics: [Metric]) -> [(String, Float)] {
        let names = ["loss"] + metrics.map(\.name)
        let keys = names + names.map { "val_" + $0 }
        let known = keys.compactMap { key in logs[key].map { (key, $0) } }
        let others = logs.keys.filter { !keys.contains($0) }.sorted().map { ($0, logs[$0]!) }
        return known + others
    }

    /// Loss and metric means over all of `data`, without updating the weights; `callbacks` get `onTestBegin`, the
    /// test-batch hooks and `onTestEnd` (Keras's `evaluate`, also run for validation inside `fit`).
    func evaluateData(_ data: TrainingData, compiled: CompiledState, batchSize: Int, callbacks: [Callback] = [],
                      progress: ProgressBar? = nil) -> [String: Float] {
        callbacks.forEach { $0.onTestBegin(logs: [:]) }
        var progress = progress
        let batchSize = Swift.min(batchSize, data.count)
        let steps = ceilDivide(data.count, batchSize)
        var lossSum = 0.0
        var metricSums = [Double](repeating: 0, count: compiled.metrics.count)
        let order = Array(0..<data.count)
        var logs: [String: Float] = [:]
        for step in 0..<steps {
            let rows = order[(step * batchSize)..<Swift.min((step + 1) * batchSize, data.count)]
            callbacks.forEach { $0.onTestBatchBegin(step, logs: [:]) }
            let (xBatch, yBatch) = data.batch(rows)
            let result = testStep(xBatch, yBatch, compiled: compiled)
            lossSum += result.loss
            for (index, value) in result.metrics.enumerated() { metricSums[index] += value }
            logs = Self.logs(loss: lossSum, metrics: metricSums, names: compiled.metrics, count: rows.endIndex)
            callbacks.forEach { $0.onTestBatchEnd(step, logs: logs) }
            progress?.update(step + 1, values: Self.displayed(logs), finalize: step == steps - 1)
        }
        callbacks.forEach { $0.onTestEnd(logs: logs) }
        return logs
    }
}
