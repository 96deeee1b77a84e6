import Foundation
import SIMDKernels

/// A densely connected layer: `output = activation(input · kernel + bias)`.
///
/// - Input shape: `[batch, inputDim]` (a higher-rank input is applied along its last axis).
/// - Output shape: `[batch, units]`.
/// - Weights: `kernel` of shape `[inputDim, units]` (Keras's layout) and `bias` of shape `[units]`.
///
/// ```swift
/// let layer = Dense(128, activation: .relu, inputShape: [784])
/// ```
public final class Dense: Layer {
    /// The number of output units.
    public let units: Int
    /// The activation applied to the output.
    public let activation: Activation
    /// Whether the layer adds a bias vector.
    public let useBias: Bool
    /// How the kernel is initialized.
    public let kernelInitializer: Initializer
    /// How the bias is initialized.
    public let biasInitializer: Initializer
    public var name: String
    public let declaredInputShape: [Int]?
    public private(set) var inputShape: [Int]?
    /// The `[inputDim, units]` weight matrix (nil until the layer is built).
    public private(set) var kernel: Variable?
    /// The `[units]` bias vector (nil until built, or when `useBias` is false).
    public private(set) var bias: Variable?

    public var className: String { "Dense" }

    /// Creates a dense layer.
    ///
    /// - Parameters:
    ///   - units: the output width.
    ///   - activation: applied element-wise (softmax: over the last axis); `.linear` by default.
    ///   - useBias: whether to add a bias.
    ///   - kernelInitializer: `.glorotUniform` by default, as Keras.
    ///   - biasInitializer: `.zeros` by default.
    ///   - inputShape: the per-sample input shape, when this is a model's first layer.
    ///   - name: the layer name; automatic (`dense`, `dense_1`, ...) when nil.
    public init(_ units: Int, activation: Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                inputShape: [Int]? = nil, name: String? = nil) {
        precondition(units > 0, "Dense needs units >= 1, got \(units)")
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.declaredInputShape = inputShape
        self.name = name ?? LayerNames.unique("dense")
    }

    public var isBuilt: Bool { kernel != nil }

    public var weights: [Variable] { [kernel, bias].compactMap { $0 } }

    /// Creates `kernel` `[inputDim, units]` and `bias` `[units]` with the layer's initializers.
    public func build(inputShape: [Int]) throws {
        guard let inputDim = inputShape.last, inputDim > 0 else {
            throw SwiftKerasError.shapeMismatch("\(name) (Dense) needs an input with a last axis, got \(inputShape)")
        }
        var generator = SeededGenerator(seed: GlobalRandom.nextSeed())
        kernel = Variable(kernelInitializer(shape: [inputDim, units], generator: &generator), name: "\(name)/kernel")
        if useBias {
            bias = Variable(biasInitializer(shape: [units], generator: &generator), name: "\(name)/bias")
        }
        self.inputShape = inputShape
    }

    /// activation(input · kernel + bias), recorded as one fused operation.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard let kernel else { preconditionFailure("\(name) is used before it is built") }
        let inputDim = kernel.shape[0]
        precondition(input.shape.last == inputDim,
                     "\(name) expects inputs with last axis \(inputDim), got shape \(input.shape)")
        if input.rank != 2 {
            let flat = input.reshaped(to: [-1, inputDim])
            return self(flat).reshaped(to: Array(input.shape.dropLast()) + [units])
        }
        let fused = denseProduct(input, kernel.value, bias?.value, activation.kernel ?? .linear)
        return activation == .softmax ? softmax(fused) : fused
    }

    public func computeOutputShape(inputShape: [Int]) -> [Int] { Array(inputShape.dropLast()) + [units] }

    public var config: [String: JSONValue] {
        ["name": .string(name), "trainable": .bool(true), "dtype": .string("float32"),
         "units": .number(Double(units)), "activation": .string(activation.rawValue),
         "use_bias": .bool(useBias), "kernel_initializer": kernelInitializer.config,
         "bias_initializer": biasInitializer.config]
    }
}

/// y = act(x·w + b) as one recorded operation. Backward: dz = dy ⊙ act'(y), dx = dz·wᵀ, dw = xᵀ·dz, db = Σ_rows dz.
///
/// When `x` is plain data (not recorded, so no dx is needed) the all-zero columns of the batch are dropped first:
/// their terms in x·w and xᵀ·dz are exactly zero (a third of an MNIST batch's pixels).
func denseProduct(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ activation: KernelActivation) -> Tensor {
    let m = x.shape[0], k = w.shape[0], n = w.shape[1]
    let needsInputGradient = x.isRecorded
    let sparse = needsInputGradient ? nil : PooledSparseInput(x)
    let compacted = needsInputGradient || sparse != nil ? nil : CompactedColumns(x, kernel: w)
    let y = Tensor(shape: [m, n]) { out, _ in
        let input = compacted?.input ?? x, kernel = compacted?.kernel ?? w
        kernel.scalars.withUnsafeBufferPointer { pw in
            (b?.scalars).withUnsafeBufferPointerIfPresent { pb in
                if let sparse {
                    sparse.input.denseForward(n: n, w: pw.baseAddress!, bias: pb, activation: activation, y: out)
                    return
                }
                input.scalars.withUnsafeBufferPointer { px in
                    denseForward(m: m, n: n, k: kernel.shape[0], x: px.baseAddress!, w: pw.baseAddress!, bias: pb,
                                 activation: activation, y: out)
                }
            }
        }
    }
    let inputs = b.map { [x, w, $0] } ?? [x, w]
    return Tensor.recorded(y, inputs: inputs) { g in
        let dz = activation == .linear ? g : activationGradient(activation, output: y, gradient: g)
        let dx = needsInputGradient ? Tensor.product(dz, transposeA: false, w, transposeB: true, m: m, n: k, k: n) : nil
        let dw = sparse?.kernelGradient(dz) ?? compacted?.kernelGradient(dz)
            ?? Tensor.product(x, transposeA: true, dz, transposeB: false, m: k, n: n, k: m)
        guard b != nil else { return [dx, dw] }
        let db = Tensor(shape: [n]) { out, _ in
            dz.scalars.withUnsafeBufferPointer { columnSums($0.baseAddress!, rows: m, cols: n, out, accumulate: false) }
        }
        return [dx, dw, db]
    }
}

/// A data batch held by its nonzero entries for `denseProduct`, when few enough of them are nonzero (see
/// `sparseFraction`). The `SparseInput` buffers come from a pool and go back to it when the recorded operation
/// that holds this value is released, so a training loop reuses them from step to step.
final class PooledSparseInput {
    let input: SparseInput

    private static let lock = NSLock()
    nonisolated(unsafe) private static var pool: [SparseInput] = []

    /// Batches above this many rows (a whole test set at once) use the dense product, so the pool never holds
    /// buffers for them.
    static let maximumRows = 4096

    /// nil when `x` is narrow, very tall, or has too many nonzero entries.
    init?(_ x: Tensor) {
        let rows = x.shape[0], cols = x.shape[1]
        guard cols >= InputCompaction.minimumWidth, rows > 0, rows <= Self.maximumRows,
              x.scalars.withUnsafeBufferPointer({ looksSparse($0.baseAddress!, rowIndices: nil, rows: rows, cols: cols) })
        else { return nil }
        Self.lock.lock()
        input = Self.pool.popLast() ?? SparseInput()
        Self.lock.unlock()
        let nonzeros = x.scalars.withUnsafeBufferPointer { input.load($0.baseAddress!, rows: rows, cols: cols) }
        guard Double(nonzeros) <= sparseFraction * Double(rows * cols) else { return nil }
    }

    deinit {
        Self.lock.lock()
        if Self.pool.count < 4 { Self.pool.append(input) }
        Self.lock.unlock()
    }

    /// xᵀ·dz.
    func kernelGradient(_ dz: Tensor) -> Tensor {
        let n = dz.shape[1]
        return Tensor(shape: [input.cols, n]) { out, _ in
            dz.scalars.withUnsafeBufferPointer { input.kernelGradient(n: n, dz: $0.baseAddress!, dw: out) }
        }
    }
}

/// A batch with its all-zero columns dropped and the matching kernel rows, for `denseProduct`.
struct CompactedColumns {
    let indices: [Int32]
    let input: Tensor
    let kernel: Tensor
    let fullRows: Int

    /// nil when the input is narrow or has few zero columns.
    init?(_ x: Tensor, kernel w: Tensor) {
        let rows = x.shape[0], cols = x.shape[1], units = w.shape[1]
        guard cols >= InputCompaction.minimumWidth, rows > 0 else { return nil }
        var indices = [Int32](repeating: 0, count: cols)
        var scratch = [Float](repeating: 0, count: cols)
        let count = x.scalars.withUnsafeBufferPointer { px in
            indices.withUnsafeMutableBufferPointer { pi in
                scratch.withUnsafeMutableBufferPointer { ps in
                    nonzeroColumns(px.baseAddress!, rows: rows, cols: cols, indices: pi.baseAddress!, scratch: ps.baseAddress!)
                }
            }
        }
        guard count > 0, Double(count) <= InputCompaction.maximumActiveFraction * Double(cols) else { return nil }
        indices.removeLast(cols - count)
        self.indices = indices
        fullRows = cols
        input = Tensor(shape: [rows, count]) { out, _ in
            x.scalars.withUnsafeBufferPointer { gatherColumns($0.baseAddress!, rows: rows, cols: cols, indices: indices, count: count, out) }
        }
        kernel = Tensor(shape: [count, units]) { out, _ in
            w.scalars.withUnsafeBufferPointer { gatherRows($0.baseAddress!, width: units, indices: indices, count: count, out) }
        }
    }

    /// xᵀ·dz computed on the kept columns, with zero rows for the dropped ones.
    func kernelGradient(_ dz: Tensor) -> Tensor {
        let count = indices.count, units = dz.shape[1]
        let compact = Tensor.product(input, transposeA: true, dz, transposeB: false, m: count, n: units, k: dz.shape[0])
        return Tensor(shape: [fullRows, units]) { out, _ in
            compact.scalars.withUnsafeBufferPointer {
                scatterRows($0.baseAddress!, width: units, indices: indices, count: count, out, totalRows: fullRows)
            }
        }
    }
}
