import SIMDKernels

/// Runs batches through a compiled model: the forward pass, the loss and metric sums, and when training the
/// backward pass and the optimizer step.
///
/// Stacks of `Dense` layers take the `DenseEngine` path (reused buffers, softmax cross-entropy fused from the
/// logits as Keras's graph mode does); any other model is differentiated with a `GradientTape`.
final class BatchRunner {
    let model: Sequential
    let compiled: CompiledState
    let engine: DenseEngine?
    /// Set when the loss is a cross-entropy that can be computed from the last layer's logits: whether its
    /// labels are sparse.
    let fusedCrossentropy: Bool?
    let inputWidth: Int
    let outputWidth: Int
    private var capacity = 0
    private var xBatch: UnsafeMutablePointer<Float>
    private var yBatch: UnsafeMutablePointer<Float>
    private var probabilities: UnsafeMutablePointer<Float>
    private var logProbabilities: UnsafeMutablePointer<Float>
    private var yWidth = 1

    init(model: Sequential, compiled: CompiledState) {
        self.model = model
        self.compiled = compiled
        self.engine = model.denseEngine()
        self.inputWidth = model.inputShape!.reduce(1, *)
        self.outputWidth = model.outputShape!.reduce(1, *)
        if let engine, let crossentropy = compiled.loss.crossentropy,
           let last = engine.stages.last?.layer.activation,
           (last == .softmax && !crossentropy.fromLogits) || (last == .linear && crossentropy.fromLogits) {
            fusedCrossentropy = crossentropy.sparse
        } else {
            fusedCrossentropy = nil
        }
        xBatch = .allocate(capacity: 1)
        yBatch = .allocate(capacity: 1)
        probabilities = .allocate(capacity: 1)
        logProbabilities = .allocate(capacity: 1)
    }

    deinit {
        [xBatch, yBatch, probabilities, logProbabilities].forEach { $0.deallocate() }
    }

    private func reserve(rows: Int, yWidth: Int) {
        guard rows > capacity || yWidth != self.yWidth else { return }
        [xBatch, yBatch, probabilities, logProbabilities].forEach { $0.deallocate() }
        capacity = Swift.max(rows, capacity)
        self.yWidth = yWidth
        xBatch = .allocate(capacity: capacity * inputWidth)
        yBatch = .allocate(capacity: capacity * yWidth)
        probabilities = .allocate(capacity: capacity * outputWidth)
        logProbabilities = .allocate(capacity: capacity * outputWidth)
    }

    /// Runs the rows `indices` of `data`; returns the loss summed over the samples (mean × rows) and each
    /// metric's sum over the samples. With `train`, also updates the weights.
    func run(_ data: TrainingData, rows indices: ArraySlice<Int>, train: Bool) -> (loss: Double, metrics: [Double]) {
        // Denormals flushed to zero, as TensorFlow's CPU threads run (and many times faster once an
        // optimizer's moments decay below 1e-38).
        withDenormalsFlushedToZero { runStep(data, rows: indices, train: train) }
    }

    private func runStep(_ data: TrainingData, rows indices: ArraySlice<Int>, train: Bool) -> (loss: Double, metrics: [Double]) {
        let rows = indices.count
        let yWidth = data.labelWidth
        reserve(rows: rows, yWidth: yWidth)
        // A sparse batch is read by the engine straight from the data; a dense one is copied out first.
        let sparseInput = engine.map { engine in
            data.x.scalars.withUnsafeBufferPointer { source in
                indices.withContiguousStorageIfAvailable {
                    engine.loadSparseInput(source.baseAddress! + data.rows.lowerBound * inputWidth,
                                           rowIndices: $0.baseAddress, rows: rows)
                } ?? false
            }
        } ?? false
        let x: UnsafePointer<Float>? = sparseInput ? nil : UnsafePointer(xBatch)
        if !sparseInput { gather(data.x, indices, offset: data.rows.lowerBound, width: inputWidth, into: xBatch) }
        gather(data.y, indices, offset: data.rows.lowerBound, width: yWidth, into: yBatch)
        let yShape = [rows] + data.y.shape.dropFirst()
        var yTrue: Tensor { Tensor(shape: yShape, scalars: Array(UnsafeBufferPointer(start: yBatch, count: rows * yWidth))) }
        let lossValue: Double
        let predictions: UnsafePointer<Float>
        if let engine {
            if let sparse = fusedCrossentropy {
                engine.forward(x, rows: rows, lastAsLogits: true, readSparse: false)
                lossValue = fusedCrossentropyStep(logits: engine.output, rows: rows, sparse: sparse,
                                                  gradient: train ? engine.outputGradient : nil)
                predictions = UnsafePointer(probabilities)
            } else {
                engine.forward(x, rows: rows, readSparse: false)
                predictions = UnsafePointer(engine.output)
                let yPred = Tensor(shape: [rows] + model.outputShape!, scalars: Array(UnsafeBufferPointer(start: engine.output, count: rows * outputWidth)))
                let tape = GradientTape()
                let watched = tape.watch(yPred)
                let loss = tape.record { compiled.loss(yTrue, watched) }
                lossValue = Double(loss.scalars.reduce(0, +)) * Double(rows)
                if train {
                    let gradient = tape.gradient(of: loss, wrt: watched)
                    gradient.scalars.withUnsafeBufferPointer { engine.outputGradient.update(from: $0.baseAddress!, count: rows * outputWidth) }
                }
            }
            if train {
                engine.backward(x, rows: rows, outputIsPreActivation: fusedCrossentropy != nil)
                engine.applyGradients(compiled.optimizer)
            }
        } else {
            let x = Tensor(shape: [rows] + model.inputShape!, scalars: Array(UnsafeBufferPointer(start: xBatch, count: rows * inputWidth)))
            let labels = yTrue
            var prediction = Tensor(0)
            if train {
                let tape = GradientTape()
                let loss = tape.record { () -> Tensor in
                    prediction = model(x)
                    return compiled.loss(labels, prediction)
                }
                let variables = model.trainableVariables
                compiled.optimizer.applyGradients(zip(tape.gradient(of: loss, wrt: variables), variables))
                lossValue = Double(loss.scalars.reduce(0, +)) * Double(rows)
            } else {
                prediction = model(x)
                lossValue = Double(compiled.loss(labels, prediction).scalars.reduce(0, +)) * Double(rows)
            }
            prediction.scalars.withUnsafeBufferPointer { probabilities.update(from: $0.baseAddress!, count: rows * outputWidth) }
            predictions = UnsafePointer(probabilities)
        }
        let metrics = compiled.metrics.map {
            $0.batchSum(labels: yBatch, labelWidth: yWidth, predictions: predictions, rows: rows, classes: outputWidth)
        }
        return (lossValue, metrics)
    }

    /// The model's outputs for rows `indices` of `x` (probabilities for a softmax output).
    func predict(_ x: Tensor, rows indices: ArraySlice<Int>, into output: UnsafeMutablePointer<Float>) {
        let rows = indices.count
        reserve(rows: rows, yWidth: yWidth)
        gather(x, indices, offset: 0, width: inputWidth, into: xBatch)
        if let engine {
            withDenormalsFlushedToZero { engine.forward(xBatch, rows: rows) }
            output.update(from: engine.output, count: rows * outputWidth)
        } else {
            let batch = Tensor(shape: [rows] + model.inputShape!, scalars: Array(UnsafeBufferPointer(start: xBatch, count: rows * inputWidth)))
            model(batch).scalars.withUnsafeBufferPointer { output.update(from: $0.baseAddress!, count: rows * outputWidth) }
        }
    }

    /// Softmax cross-entropy from logits: loss = -Σ y·log softmax(z); d(mean loss)/dz = (softmax(z) - y) / rows.
    /// Returns the loss summed over the rows; leaves the probabilities in `probabilities`.
    private func fusedCrossentropyStep(logits: UnsafeMutablePointer<Float>, rows: Int, sparse: Bool,
                                       gradient: UnsafeMutablePointer<Float>?) -> Double {
        let classes = outputWidth
        softmaxRows(logits, probabilities, rows: rows, cols: classes)
        logSoftmaxRows(logits, logProbabilities, rows: rows, cols: classes)
        var total: Double = 0
        let scale = 1 / Float(rows)
        for row in 0..<rows {
            let logP = logProbabilities + row * classes
            if sparse {
                let label = Int(yBatch[row])
                total -= Double(logP[label])
                if let gradient {
                    let g = gradient + row * classes, p = probabilities + row * classes
                    for j in 0..<classes { g[j] = p[j] * scale }
                    g[label] -= scale
                }
            } else {
                let y = yBatch + row * classes
                var rowLoss: Float = 0
                for j in 0..<classes { rowLoss -= y[j] * logP[j] }
                total += Double(rowLoss)
                if let gradient {
                    let g = gradient + row * classes, p = probabilities + row * classes
                    for j in 0..<classes { g[j] = (p[j] - y[j]) * scale }
                }
            }
        }
        return total
    }

    /// Copies rows `offset + indices[i]` of `tensor` into consecutive rows of `buffer`.
    private func gather(_ tensor: Tensor, _ indices: ArraySlice<Int>, offset: Int, width: Int,
                        into buffer: UnsafeMutablePointer<Float>) {
        tensor.scalars.withUnsafeBufferPointer { source in
            for (row, index) in indices.enumerated() {
                (buffer + row * width).update(from: source.baseAddress! + (offset + index) * width, count: width)
            }
        }
    }
}
