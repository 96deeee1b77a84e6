import Foundation
import SIMDKernels

/// y = act(x·w + b) as one recorded operation. Backward: dz = dy ⊙ act'(y), dx = dz·wᵀ, dw = xᵀ·dz, db = Σ_rows dz.
///
/// When `x` is plain data (not recorded, so no dx is needed) the all-zero columns of the batch are dropped first:
/// their terms in x·w and xᵀ·dz are exactly zero (a third of an MNIST batch's pixels).
func denseProduct(_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ activation: KernelActivation) -> Tensor {
    let m = x.shape[0], k = w.shape[0], n = w.shape[1]
    let needsInputGradient = x.isRecorded
    let sparse = needsInputGradient ? nil : x.sparseRows ?? PooledSparseInput(x)
    sparse?.wasUsed = true
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
/// `InputSparsity`). The `SparseInput` buffers come from a pool and go back to it when the recorded operation
/// that holds this value is released, so a training loop reuses them from step to step.
final class PooledSparseInput {
    let input: SparseInput
    /// Whether a dense product took this form of a batch (see `TrainingData.batch`).
    var wasUsed = false

    private static let lock = NSLock()
    nonisolated(unsafe) private static var pool: [SparseInput] = []

    /// nil when `x` is narrow, very tall, or has too many nonzero entries.
    init?(_ x: Tensor) {
        let rows = x.shape[0], cols = x.shape[1]
        guard cols >= InputSparsity.minimumWidth, rows > 0, rows <= InputSparsity.maximumRows,
              x.scalars.withUnsafeBufferPointer({ InputSparsity.looksSparse($0.baseAddress!, rowIndices: nil, rows: rows, cols: cols) })
        else { return nil }
        input = Self.take()
        let nonzeros = x.scalars.withUnsafeBufferPointer { input.load($0.baseAddress!, rows: rows, cols: cols) }
        guard Double(nonzeros) <= InputSparsity.sparseFraction * Double(rows * cols) else { return nil }
    }

    /// Reads the rows `source + rows[i] · cols` of a dataset by their nonzero entries (from `index`, the dataset's
    /// `SparseRowIndex`, when given) and copies them densely into `dense` in the same pass (a batch for `fit`, read
    /// from memory once); nil, with the copy made all the same, when the batch is too dense for the sparse product.
    init?(rowsOf source: UnsafePointer<Float>, index: SparseRowIndex?, rows: UnsafePointer<Int>, count: Int, cols: Int,
          copyTo dense: UnsafeMutablePointer<Float>) {
        input = Self.take()
        let nonzeros = input.load(source, index: index, rowIndices: rows, rows: count, cols: cols, copyTo: dense)
        guard Double(nonzeros) <= InputSparsity.sparseFraction * Double(count * cols) else { return nil }
    }

    /// A `SparseInput` from the pool, or a new one.
    private static func take() -> SparseInput {
        lock.lock()
        defer { lock.unlock() }
        return pool.popLast() ?? SparseInput()
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
        guard cols >= InputSparsity.minimumWidth, rows > 0 else { return nil }
        var indices = [Int32](repeating: 0, count: cols)
        var scratch = [Float](repeating: 0, count: cols)
        let count = x.scalars.withUnsafeBufferPointer { px in
            indices.withUnsafeMutableBufferPointer { pi in
                scratch.withUnsafeMutableBufferPointer { ps in
                    nonzeroColumns(px.baseAddress!, rows: rows, cols: cols, indices: pi.baseAddress!, scratch: ps.baseAddress!)
                }
            }
        }
        guard count > 0, Double(count) <= InputSparsity.maximumActiveFraction * Double(cols) else { return nil }
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

/// When a data batch is multiplied by its nonzero entries (`PooledSparseInput`) or with its all-zero columns
/// dropped (`CompactedColumns`): one set of thresholds for every dense product.
enum InputSparsity {
    /// Inputs narrower than this are used as they are.
    static let minimumWidth = 64
    /// Columns are dropped when at most this fraction of them is nonzero somewhere in the batch.
    static let maximumActiveFraction = 0.9
    /// Batches above this many rows (a whole test set at once) use the dense product, so the pool of sparse
    /// buffers stays small.
    static let maximumRows = 4096
    /// A batch is multiplied by its nonzero entries when at most this fraction of them is nonzero (an MNIST
    /// batch: about 19%). Denser inputs use the dense product, which does more multiply-adds at a higher rate.
    /// (A variable so that tests can compare the two paths.)
    nonisolated(unsafe) static var sparseFraction = 0.3
    /// Whether data read sparsely more than once (a second epoch) is read from a `SparseRowIndex` of its nonzero
    /// entries (built then, once), and how many indexes were built. (Variables so that tests can compare the paths.)
    nonisolated(unsafe) static var indexesRepeatedReads = true
    nonisolated(unsafe) static var indexesBuilt = 0

    /// Whether a batch is worth reading sparsely: its first few rows hold at most twice `sparseFraction` nonzero
    /// entries (a cheap look that spares dense data, such as Fashion-MNIST's, a full scan each step).
    /// With `index` (`x`'s `SparseRowIndex`, and `rowIndices`), the count comes from the index, without reading the
    /// rows from memory a first time.
    static func looksSparse(_ x: UnsafePointer<Float>, rowIndices: UnsafePointer<Int>?, rows: Int, cols: Int,
                            index: SparseRowIndex? = nil) -> Bool {
        let sample = min(rows, 4)
        let nonzeros = if let index, let rowIndices {
            index.nonzeroCount(rowIndices: rowIndices, count: sample)
        } else {
            SparseInput.nonzeroCount(x, rowIndices: rowIndices, sampleRows: sample, cols: cols)
        }
        return Double(nonzeros) <= 2 * sparseFraction * Double(sample * cols)
    }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with a pointer to the values, or with nil when there are none.
    func withUnsafeBufferPointerIfPresent<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let self else { return body(nil) }
        return self.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
