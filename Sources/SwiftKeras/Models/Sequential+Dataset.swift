extension Sequential {
    /// Trains the model on a batched `Dataset`, like Keras's `model.fit(dataset)` with a `tf.data` pipeline.
    ///
    /// Each epoch is one pass over the dataset (a shuffle stage reshuffles it), through the same epoch loop and
    /// training step as `fit(x, y)`; the progress bar shows `step/Unknown` while the dataset's length is unknown.
    /// With `Dataset(x, y).shuffled(bufferSize: n, seed: model.shuffleSeed).batched(b)` (`n` samples) the
    /// history is the same as `fit(x, y, batchSize: b)`'s.
    ///
    /// - Parameters:
    ///   - dataset: batches `(x [b, ...], y [b, ...])`, e.g. `Dataset(x, y).shuffled(...).batched(64)`.
    ///   - epochs: passes over the data (>= 1).
    ///   - validationData: a batched dataset evaluated after every epoch under `val_` keys.
    ///   - stepsPerEpoch: batches per epoch (Keras's `steps_per_epoch`), needed for an endless dataset; the
    ///     epochs then draw from one pass, and training stops early if it runs out.
    ///   - verbose: 0 silent, 1 progress bar, 2 one line per epoch.
    ///   - callbacks: hooks called during training.
    ///   - initialEpoch: the epoch to start from, to resume an earlier run.
    /// - Returns: the per-epoch history.
    /// - Throws: `SwiftKerasError` when a batch does not fit the model or the loss (checked batch by batch, as
    ///   `fit(x, y)` checks its arrays), or for an endless dataset without `stepsPerEpoch`.
    @discardableResult
    public func fit(_ dataset: Dataset, epochs: Int = 1, validationData: Dataset? = nil, stepsPerEpoch: Int? = nil,
                    verbose: Verbosity = 1, callbacks: [Callback] = [], initialEpoch: Int = 0) throws -> History {
        let compiled = try requireCompiled("fit")
        guard epochs >= 1 else { throw SwiftKerasError.invalidArgument("fit needs epochs >= 1, got \(epochs)") }
        guard initialEpoch >= 0, initialEpoch < epochs else {
            throw SwiftKerasError.invalidArgument("fit needs 0 <= initialEpoch < epochs, got initialEpoch \(initialEpoch) and epochs \(epochs)")
        }
        if let stepsPerEpoch, stepsPerEpoch < 1 {
            throw SwiftKerasError.invalidArgument("fit needs stepsPerEpoch >= 1, got \(stepsPerEpoch)")
        }
        guard stepsPerEpoch != nil || dataset.cardinality != Dataset.infiniteCardinality else {
            throw SwiftKerasError.invalidArgument(
                "fit on an endless dataset (repeated() without a count) needs stepsPerEpoch, the number of batches per epoch")
        }
        if validationData?.cardinality == Dataset.infiniteCardinality {
            throw SwiftKerasError.invalidArgument("fit's validationData is an endless dataset; use take(_:) to bound it")
        }
        var batches: EpochBatches
        if let stepsPerEpoch {
            // Keras keeps one iterator across epochs when steps_per_epoch is given.
            var iterator = dataset.makeIterator(pass: 0)
            batches = EpochBatches(steps: stepsPerEpoch) { _ in
                var step = 0
                return { [unowned self] in
                    guard step < stepsPerEpoch, let batch = iterator.next() else { return nil }
                    step += 1
                    return try checkedBatch(batch, compiled: compiled, dataset: dataset, caller: "fit")
                }
            }
        } else {
            batches = EpochBatches(steps: dataset.cardinality >= 0 ? dataset.cardinality : nil) { [unowned self] epoch in
                checkedBatches(dataset, pass: UInt64(epoch), compiled: compiled, caller: "fit")
            }
        }
        let validate = validationData.map { validation in
            { [unowned self] (epoch: Int) in
                // A new pass each epoch, as Keras iterates the validation data anew.
                try evaluateBatches(checkedBatches(validation, pass: UInt64(epoch), compiled: compiled, caller: "fit (validationData)"),
                                    compiled: compiled, callbacks: callbacks)
            }
        }
        return try runEpochs(batches, compiled: compiled, epochs: epochs, initialEpoch: initialEpoch, verbose: verbose,
                             callbacks: callbacks, validate: validate)
    }

    /// The loss and metrics over every batch of `dataset`, like Keras's `model.evaluate(dataset)`: callbacks get
    /// `onTestBegin`, the test-batch hooks and `onTestEnd`.
    /// - Returns: the loss, then each metric in compile order, over all samples; `scores["loss"]` reads one by name.
    public func evaluate(_ dataset: Dataset, verbose: Verbosity = 1, callbacks: [Callback] = []) throws -> EvaluationResult {
        let compiled = try requireCompiled("evaluate")
        try requireFinite(dataset, caller: "evaluate")
        callbacks.forEach { $0.setModel(self) }
        let progress = ProgressBar(target: dataset.cardinality >= 0 ? dataset.cardinality : nil, verbosity: verbose)
        let results = try evaluateBatches(checkedBatches(dataset, pass: 0, compiled: compiled, caller: "evaluate"),
                                          compiled: compiled, callbacks: callbacks, progress: progress)
        guard !results.isEmpty else { throw SwiftKerasError.invalidData("evaluate got no batches from the dataset") }
        return EvaluationResult(Self.ordered(results, compiled.metrics))
    }

    /// The model's outputs for the inputs of every batch of `dataset` (targets are ignored), stacked in order,
    /// like Keras's `model.predict(dataset)`.
    public func predict(_ dataset: Dataset, verbose: Verbosity = 1, callbacks: [Callback] = []) throws -> Tensor {
        try requireFinite(dataset, caller: "predict")
        callbacks.forEach { $0.setModel(self) }
        callbacks.forEach { $0.onPredictBegin(logs: [:]) }
        var progress = ProgressBar(target: dataset.cardinality >= 0 ? dataset.cardinality : nil, verbosity: verbose)
        var outputs: [Tensor] = []
        var iterator = dataset.makeIterator(pass: 0)
        var pending = iterator.next()
        while let batch = pending {
            let data = try TrainingData.checked(batch.x, nil, model: self, loss: nil, metrics: [], caller: "predict")
            outputs.append(predictStep(data.x))
            pending = iterator.next()
            if pending == nil, progress.target == nil { progress.target = outputs.count }
            progress.update(outputs.count, values: [], finalize: pending == nil)
        }
        guard !outputs.isEmpty else { throw SwiftKerasError.invalidData("predict got no batches from the dataset") }
        callbacks.forEach { $0.onPredictEnd(logs: [:]) }
        return .concatenatingRows(outputs)
    }

    /// Yields the batches of one pass of `dataset`, each checked as `fit(x, y)` checks its arrays.
    private func checkedBatches(_ dataset: Dataset, pass: UInt64, compiled: CompiledState,
                                caller: String) -> () throws -> (x: Tensor, y: Tensor)? {
        var iterator = dataset.makeIterator(pass: pass)
        return { [unowned self] in
            try iterator.next().map { try checkedBatch($0, compiled: compiled, dataset: dataset, caller: caller) }
        }
    }

    /// A batch checked against the model, the loss and the metrics (a clear error for an unbatched dataset).
    private func checkedBatch(_ batch: (x: Tensor, y: Tensor), compiled: CompiledState, dataset: Dataset,
                              caller: String) throws -> (x: Tensor, y: Tensor) {
        do {
            _ = try TrainingData.checked(batch.x, batch.y, model: self, loss: compiled.loss, metrics: compiled.metrics, caller: caller)
            return batch
        } catch let error as SwiftKerasError where dataset.batchSize == nil && error.kind == .shapeMismatch {
            throw SwiftKerasError(error.kind, error.message + " (\(caller) takes a batched dataset: call .batched(32) on it)")
        }
    }

    /// Throws for an endless dataset, which evaluate and predict cannot finish.
    private func requireFinite(_ dataset: Dataset, caller: String) throws {
        guard dataset.cardinality != Dataset.infiniteCardinality else {
            throw SwiftKerasError.invalidArgument("\(caller) got an endless dataset (repeated() without a count); bound it with take(_:)")
        }
    }
}
