import SIMDKernels

/// The compiled forward and backward passes of a stack of `Dense` (and `Flatten`/`Input`) layers: the
/// equivalent of Keras's graph mode. It calls the SIMD kernels directly on buffers that live as long as the
/// engine, so a training step allocates nothing.
///
/// Forward, per stage l: aₗ = actₗ(aₗ₋₁·Wₗ + bₗ). Backward: dzₗ = daₗ ⊙ act'ₗ(aₗ), dWₗ = aₗ₋₁ᵀ·dzₗ,
/// dbₗ = Σ_rows dzₗ, daₗ₋₁ = dzₗ·Wₗᵀ.
final class DenseEngine {
    struct Stage {
        let layer: Dense
        let inputWidth: Int
        let units: Int
    }

    let stages: [Stage]
    let inputWidth: Int
    let outputWidth: Int
    private(set) var capacity = 0
    private var outputs: [UnsafeMutablePointer<Float>] = []
    private var outputGradients: [UnsafeMutablePointer<Float>] = []
    /// dW and db for every stage, in the order of `variables`.
    private(set) var weightGradients: [UnsafeMutablePointer<Float>] = []
    /// The trainable variables in Keras order (kernel, bias per stage).
    let variables: [Variable]
    /// The first stage's input with its all-zero columns dropped (see `nonzeroColumns`), when that pays.
    private let compaction: InputCompaction?
    /// The first stage's input by its nonzero entries, when the batch is sparse enough (see `sparseFraction`).
    private let sparseInput = SparseInput()
    private var usesSparseInput = false

    /// An engine for `layers`, or nil when a layer is not one the engine knows.
    init?(layers: [any Layer], inputShape: [Int]) {
        // A Dense layer on a sample of rank > 1 acts on the last axis only; the engine handles flat samples, so
        // a multi-axis input must pass through a Flatten before the first Dense.
        var isFlat = inputShape.count == 1
        var width = inputShape.reduce(1, *)
        var stages: [Stage] = []
        for layer in layers {
            if layer is Flatten { isFlat = true; continue }
            if layer is Input { continue }
            guard isFlat, let dense = layer as? Dense, let kernel = dense.kernel, kernel.shape[0] == width,
                  dense.weights.allSatisfy(\.trainable)
            else { return nil }
            stages.append(Stage(layer: dense, inputWidth: width, units: dense.units))
            width = dense.units
        }
        guard !stages.isEmpty else { return nil }
        self.stages = stages
        self.inputWidth = inputShape.reduce(1, *)
        self.outputWidth = width
        self.variables = stages.flatMap { $0.layer.weights }
        weightGradients = variables.map { .allocate(capacity: $0.shape.reduce(1, *)) }
        compaction = inputWidth >= InputCompaction.minimumWidth ? InputCompaction(width: inputWidth, units: stages[0].units) : nil
    }

    deinit {
        (outputs + outputGradients + weightGradients).forEach { $0.deallocate() }
    }

    /// Makes room for batches of up to `rows` samples.
    func reserve(rows: Int) {
        guard rows > capacity else { return }
        (outputs + outputGradients).forEach { $0.deallocate() }
        outputs = stages.map { .allocate(capacity: rows * $0.units) }
        outputGradients = stages.map { .allocate(capacity: rows * $0.units) }
        capacity = rows
    }

    /// The last stage's output for the most recent forward pass (`rows × outputWidth`).
    var output: UnsafeMutablePointer<Float> { outputs[stages.count - 1] }
    /// Where the caller writes d(loss)/d(output) before `backward`; it may also hold the gradient with respect to
    /// the last stage's pre-activation when `backward(outputIsPreActivation: true)`.
    var outputGradient: UnsafeMutablePointer<Float> { outputGradients[stages.count - 1] }

    /// Larger batches (a whole dataset evaluated at once) take the dense product, so the sparse buffers stay
    /// under about 50 MB.
    static let maximumSparseRows = 8192

    /// Reads the first stage's input by its nonzero entries when few enough are nonzero (`sparseFraction`), row r
    /// of the batch being row `rowIndices[r]` (or r) of `source`. Returns whether it did; if not, `forward` and
    /// `backward` need the dense batch.
    func loadSparseInput(_ source: UnsafePointer<Float>, rowIndices: UnsafePointer<Int>?, rows: Int) -> Bool {
        usesSparseInput = inputWidth >= InputCompaction.minimumWidth && rows <= Self.maximumSparseRows
            && looksSparse(source, rowIndices: rowIndices, rows: rows, cols: inputWidth)
            && Double(sparseInput.load(source, rowIndices: rowIndices, rows: rows, cols: inputWidth))
                <= sparseFraction * Double(rows * inputWidth)
        return usesSparseInput
    }

    /// Runs the stages on `rows` samples of `x` (`rows × inputWidth`), or with x nil on the batch that
    /// `loadSparseInput` read. With `lastAsLogits`, a softmax last stage stops before its softmax, leaving the
    /// logits in `output`.
    /// - Parameter readSparse: with a dense `x`, whether to try `loadSparseInput` on it first (false when the
    ///   caller already did and it declined).
    func forward(_ x: UnsafePointer<Float>?, rows: Int, lastAsLogits: Bool = false, readSparse: Bool = true) {
        reserve(rows: rows)
        if let x { usesSparseInput = readSparse && loadSparseInput(x, rowIndices: nil, rows: rows) }
        precondition(x != nil || usesSparseInput, "forward(nil) needs a batch read by loadSparseInput")
        // Unused when the batch is sparse: the first stage reads `sparseInput`.
        var input = x ?? UnsafePointer(outputs[0])
        let compacted = !usesSparseInput && compaction?.prepare(input, rows: rows, kernel: stages[0].layer.kernel!) == true
        for (index, stage) in stages.enumerated() {
            let layer = stage.layer
            let kernelActivation = layer.activation.kernel ?? .linear
            // The first stage reads the compacted batch and kernel rows when the batch was compacted.
            let kernel = layer.kernel!.storedValue.scalars
            kernel.withUnsafeBufferPointer { fullKernel in
                (layer.bias?.storedValue.scalars).withUnsafeBufferPointerIfPresent { bias in
                    let useCompacted = index == 0 && compacted
                    if index == 0 && usesSparseInput {
                        sparseInput.denseForward(n: stage.units, w: fullKernel.baseAddress!, bias: bias,
                                                 activation: kernelActivation, y: outputs[index])
                        return
                    }
                    denseForward(m: rows, n: stage.units,
                                 k: useCompacted ? compaction!.activeCount : stage.inputWidth,
                                 x: useCompacted ? UnsafePointer(compaction!.input) : input,
                                 w: useCompacted ? UnsafePointer(compaction!.kernel) : fullKernel.baseAddress!,
                                 bias: bias, activation: kernelActivation, y: outputs[index])
                }
            }
            let isLast = index == stages.count - 1
            if layer.activation == .softmax && !(isLast && lastAsLogits) {
                softmaxRows(outputs[index], outputs[index], rows: rows, cols: stage.units)
            }
            input = UnsafePointer(outputs[index])
        }
    }

    /// Back-propagates `outputGradient` through the stages into `weightGradients`.
    ///
    /// - Parameter outputIsPreActivation: true when `outputGradient` already is d(loss)/d(pre-activation) of
    ///   the last stage (the fused softmax cross-entropy), so the last activation is skipped.
    func backward(_ x: UnsafePointer<Float>?, rows: Int, outputIsPreActivation: Bool) {
        var gradientIndex = weightGradients.count
        for index in stride(from: stages.count - 1, through: 0, by: -1) {
            let stage = stages[index]
            let layer = stage.layer
            let dz = outputGradients[index]
            let count = rows * stage.units
            if !(index == stages.count - 1 && outputIsPreActivation) {
                if layer.activation == .softmax {
                    softmaxBackward(output: outputs[index], gradient: dz, rows: rows, cols: stage.units)
                } else if let activation = layer.activation.kernel, activation != .linear {
                    activationBackward(activation, output: outputs[index], gradient: dz, result: dz, count: count)
                }
            }
            let input = index == 0 ? x : UnsafePointer(outputs[index - 1])
            precondition(input != nil || usesSparseInput, "backward(nil) needs a batch read by loadSparseInput")
            if layer.bias != nil {
                gradientIndex -= 1
                columnSums(dz, rows: rows, cols: stage.units, weightGradients[gradientIndex], accumulate: false)
            }
            gradientIndex -= 1
            if index == 0 && usesSparseInput {
                sparseInput.kernelGradient(n: stage.units, dz: dz, dw: weightGradients[gradientIndex])
            } else if index == 0, let compaction, compaction.isActive {
                compaction.kernelGradient(dz, rows: rows, into: weightGradients[gradientIndex])
            } else {
                sgemm(transposeA: true, transposeB: false, m: stage.inputWidth, n: stage.units, k: rows, alpha: 1,
                      a: input!, lda: stage.inputWidth, b: dz, ldb: stage.units, beta: 0,
                      c: weightGradients[gradientIndex], ldc: stage.units)
            }
            if index > 0 {
                layer.kernel!.storedValue.scalars.withUnsafeBufferPointer { w in
                    sgemm(transposeA: false, transposeB: true, m: rows, n: stage.inputWidth, k: stage.units, alpha: 1,
                          a: dz, lda: stage.units, b: w.baseAddress!, ldb: stage.units, beta: 0,
                          c: outputGradients[index - 1], ldc: stage.inputWidth)
                }
            }
        }
    }

    /// In place: dz = y ⊙ (dy - Σ_row dy ⊙ y), the softmax backward pass.
    private func softmaxBackward(output y: UnsafeMutablePointer<Float>, gradient dy: UnsafeMutablePointer<Float>,
                                 rows: Int, cols: Int) {
        for row in 0..<rows {
            let yRow = y + row * cols, dRow = dy + row * cols
            var dot: Float = 0
            for j in 0..<cols { dot += yRow[j] * dRow[j] }
            for j in 0..<cols { dRow[j] = yRow[j] * (dRow[j] - dot) }
        }
    }

    /// Each gradient buffer with its variable (the buffers live as long as the engine).
    private lazy var gradientPairs: [(UnsafePointer<Float>, Variable)] = zip(weightGradients, variables).map { (UnsafePointer($0), $1) }

    /// Applies the optimizer to the gradients of the last `backward`.
    func applyGradients(_ optimizer: any Optimizer) {
        if let slotOptimizer = optimizer as? SlotOptimizer {
            slotOptimizer.applyGradients(pointers: gradientPairs)
        } else {
            optimizer.applyGradients(zip(weightGradients, variables).map { pointer, variable in
                (Tensor(shape: variable.shape, scalars: Array(UnsafeBufferPointer(start: pointer, count: variable.shape.reduce(1, *)))), variable)
            })
        }
    }
}

/// Whether a batch is worth reading sparsely: its first few rows hold at most twice `sparseFraction` nonzero
/// entries (a cheap look that spares dense data, such as Fashion-MNIST's, a full scan each step).
func looksSparse(_ x: UnsafePointer<Float>, rowIndices: UnsafePointer<Int>?, rows: Int, cols: Int) -> Bool {
    let sample = min(rows, 4)
    let nonzeros = SparseInput.nonzeroCount(x, rowIndices: rowIndices, sampleRows: sample, cols: cols)
    return Double(nonzeros) <= 2 * sparseFraction * Double(sample * cols)
}

/// A first-layer data input is multiplied by its nonzero entries when at most this fraction of them is nonzero
/// (an MNIST batch: about 19%). Denser inputs use the dense product, which does more multiply-adds at a higher rate.
/// (A variable so that tests can compare the two paths.)
nonisolated(unsafe) var sparseFraction = 0.3
