extension Sequential {
    /// The loss and metrics on `(x, y)`, like Keras's `model.evaluate`: callbacks get `onTestBegin`, the test-batch
    /// hooks and `onTestEnd`, as in Keras.
    ///
    /// - Returns: the loss, then each metric in compile order (a metric object's result over all batches, reset
    ///   first), as means over all samples; `scores["loss"]` reads one by name.
    public func evaluate(_ x: Tensor, _ y: Tensor, batchSize: Int = 32, verbose: Verbosity = 1,
                         callbacks: [Callback] = []) throws -> EvaluationResult {
        let compiled = try requireCompiled("evaluate")
        guard batchSize >= 1 else { throw SwiftKerasError.invalidArgument("evaluate needs batchSize >= 1, got \(batchSize)") }
        let data = try TrainingData.checked(x, y, model: self, loss: compiled.loss, metrics: compiled.metrics, caller: "evaluate")
        callbacks.forEach { $0.setModel(self) }
        let steps = ceilDivide(data.count, Swift.min(batchSize, data.count))
        let results = try evaluateData(data, compiled: compiled, batchSize: batchSize, callbacks: callbacks,
                                   progress: ProgressBar(target: steps, verbosity: verbose))
        return EvaluationResult(Self.ordered(results, compiled.metrics))
    }

    /// The model's outputs for `x`, computed in batches, like Keras's `model.predict`.
    public func predict(_ x: Tensor, batchSize: Int = 32, verbose: Verbosity = 1,
                        callbacks: [Callback] = []) throws -> Tensor {
        guard batchSize >= 1 else { throw SwiftKerasError.invalidArgument("predict needs batchSize >= 1, got \(batchSize)") }
        let data = try TrainingData.checked(x, nil, model: self, loss: nil, metrics: [], caller: "predict")
        callbacks.forEach { $0.setModel(self) }
        callbacks.forEach { $0.onPredictBegin(logs: [:]) }
        let outputShape = self.outputShape!
        let width = outputShape.reduce(1, *)
        let batchSize = Swift.min(batchSize, data.count)
        let steps = ceilDivide(data.count, batchSize)
        var progress = ProgressBar(target: steps, verbosity: verbose)
        let order = Array(0..<data.count)
        let result = Tensor(shape: [data.count] + outputShape) { out, _ in
            for step in 0..<steps {
                let rows = order[(step * batchSize)..<Swift.min((step + 1) * batchSize, data.count)]
                callbacks.forEach { $0.onPredictBatchBegin(step, logs: [:]) }
                let batch = predictStep(data.batch(rows).x)
                callbacks.forEach { $0.onPredictBatchEnd(step, logs: [:]) }
                batch.scalars.withUnsafeBufferPointer { (out + rows.startIndex * width).update(from: $0.baseAddress!, count: $0.count) }
                progress.update(step + 1, values: [], finalize: step == steps - 1)
            }
        }
        callbacks.forEach { $0.onPredictEnd(logs: [:]) }
        return result
    }
}
