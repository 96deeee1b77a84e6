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

        // A batch larger than the data is the whole data (and `(count + batchSize - 1)` overflows at Int.max).
        let batchSize = Swift.min(batchSize, training.count)
        let seed = shuffleSeed
        let batches = EpochBatches(steps: ceilDivide(training.count, batchSize)) { epoch in
            // The order a full-size shuffle buffer draws, so that a Dataset pipeline can reproduce it.
            let order = shuffle ? ShuffleBuffer.order(count: training.count, seed: ShuffleBuffer<Int>.seed(seed, pass: UInt64(epoch)))
                : Array(0..<training.count)
            var step = 0
            return {
                let rows = order[Swift.min(step * batchSize, order.count)..<Swift.min((step + 1) * batchSize, order.count)]
                step += 1
                return rows.isEmpty ? nil : training.batch(rows)
            }
        }
        let validate = validation.map { validation in
            { [unowned self] (_: Int) in
                try evaluateData(validation, compiled: compiled, batchSize: batchSize, callbacks: callbacks)
            }
        }
        return try runEpochs(batches, compiled: compiled, epochs: epochs, initialEpoch: initialEpoch, verbose: verbose,
                             callbacks: callbacks, validate: validate)
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

    /// The loss and metrics over all of `data` (metric objects reset first), without updating the weights;
    /// `callbacks` get `onTestBegin`, the test-batch hooks and `onTestEnd` (Keras's `evaluate`, also run for
    /// validation inside `fit`).
    func evaluateData(_ data: TrainingData, compiled: CompiledState, batchSize: Int, callbacks: [Callback] = [],
                      progress: ProgressBar? = nil) throws -> [String: Float] {
        let batchSize = Swift.min(batchSize, data.count)
        let order = Array(0..<data.count)
        var step = 0
        let next = { () -> (x: Tensor, y: Tensor)? in
            let rows = order[Swift.min(step * batchSize, data.count)..<Swift.min((step + 1) * batchSize, data.count)]
            step += 1
            return rows.isEmpty ? nil : data.batch(rows)
        }
        return try evaluateBatches(next, compiled: compiled, callbacks: callbacks, progress: progress)
    }

    /// The loss and metrics over every batch `next` yields (Keras's test loop; metric objects reset first), without
    /// updating the weights.
    func evaluateBatches(_ next: () throws -> (x: Tensor, y: Tensor)?, compiled: CompiledState,
                         callbacks: [Callback] = [], progress: ProgressBar? = nil) throws -> [String: Float] {
        callbacks.forEach { $0.onTestBegin(logs: [:]) }
        var progress = progress
        var metrics = MetricAccumulator(compiled.metrics)
        var logs: [String: Float] = [:]
        var step = 0
        var pending = try next()
        while let (xBatch, yBatch) = pending.map({ ($0.x, $0.y) }) {
            callbacks.forEach { $0.onTestBatchBegin(step, logs: [:]) }
            try metrics.add(testStep(xBatch, yBatch, compiled: compiled), labels: yBatch)
            logs = metrics.logs
            callbacks.forEach { $0.onTestBatchEnd(step, logs: logs) }
            step += 1
            pending = try next()
            if pending == nil, progress?.target == nil { progress?.target = step }
            progress?.update(step, values: Self.displayed(logs), finalize: pending == nil)
        }
        callbacks.forEach { $0.onTestEnd(logs: logs) }
        return logs
    }
}
