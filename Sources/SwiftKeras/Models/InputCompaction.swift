import SIMDKernels

/// Drops the all-zero columns of a batch before the first dense layer.
///
/// For x with zero columns Z: x·W = x[:, ¬Z]·W[¬Z, :] and (xᵀ·dz)[Z, :] = 0, so the forward product and the
/// weight gradient run on the nonzero columns only. In a batch of 64 MNIST images about 490 of 784 pixels are
/// nonzero somewhere, which removes a third of the first layer's work. The buffers live as long as the owner.
final class InputCompaction {
    /// Inputs narrower than this are used as they are.
    static let minimumWidth = 64
    /// Compaction is used when at most this fraction of the columns is nonzero.
    static let maximumActiveFraction = 0.9

    let width: Int
    let units: Int
    private(set) var activeCount = 0
    /// Whether the last `prepare` compacted the batch.
    private(set) var isActive = false
    private let indices: UnsafeMutablePointer<Int32>
    private let scratch: UnsafeMutablePointer<Float>
    /// The nonzero columns of the batch, `rows × activeCount`.
    private(set) var input: UnsafeMutablePointer<Float>
    /// The matching rows of the kernel, `activeCount × units`.
    let kernel: UnsafeMutablePointer<Float>
    private let compactGradient: UnsafeMutablePointer<Float>
    private var capacity = 0

    init(width: Int, units: Int) {
        self.width = width
        self.units = units
        indices = .allocate(capacity: width)
        scratch = .allocate(capacity: width)
        input = .allocate(capacity: 1)
        kernel = .allocate(capacity: width * units)
        compactGradient = .allocate(capacity: width * units)
    }

    deinit {
        indices.deallocate(); scratch.deallocate(); input.deallocate(); kernel.deallocate(); compactGradient.deallocate()
    }

    /// Finds the nonzero columns of `x` (`rows × width`) and, when few enough, gathers them and the matching
    /// kernel rows. Returns whether the batch was compacted.
    func prepare(_ x: UnsafePointer<Float>, rows: Int, kernel variable: Variable) -> Bool {
        activeCount = nonzeroColumns(x, rows: rows, cols: width, indices: indices, scratch: scratch)
        isActive = activeCount > 0 && Double(activeCount) <= Self.maximumActiveFraction * Double(width)
        guard isActive else { return false }
        if rows > capacity {
            input.deallocate()
            input = .allocate(capacity: rows * width)
            capacity = rows
        }
        gatherColumns(x, rows: rows, cols: width, indices: indices, count: activeCount, input)
        variable.storedValue.scalars.withUnsafeBufferPointer {
            gatherRows($0.baseAddress!, width: units, indices: indices, count: activeCount, kernel)
        }
        return true
    }

    /// dW = xᵀ·dz for the compacted batch, scattered into the full `width × units` gradient (zero elsewhere).
    func kernelGradient(_ dz: UnsafePointer<Float>, rows: Int, into gradient: UnsafeMutablePointer<Float>) {
        sgemm(transposeA: true, transposeB: false, m: activeCount, n: units, k: rows, alpha: 1, a: input,
              lda: activeCount, b: dz, ldb: units, beta: 0, c: compactGradient, ldc: units)
        scatterRows(compactGradient, width: units, indices: indices, count: activeCount, gradient, totalRows: width)
    }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with a pointer to the values, or with nil when there are none.
    func withUnsafeBufferPointerIfPresent<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        guard let self else { return body(nil) }
        return self.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
