import SIMDKernels

// Shape operations and the matrix product.

extension Tensor {
    /// The same values with a new shape; one dimension may be -1 and is then inferred.
    public func reshaped(to newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            require(known > 0 && count % known == 0, "cannot reshape a tensor of shape \(shape) to \(newShape)")
            resolved[unknown] = count / known
        }
        require(resolved.reduce(1, *) == count, "cannot reshape a tensor of shape \(shape) to \(newShape)")
        let oldShape = shape
        var result = Tensor.recorded(Tensor(shape: resolved, scalars: scalars), inputs: [self]) { g in
            [Tensor(shape: oldShape, scalars: g.scalars)]
        }
        if let sparseRows, resolved.count == 2, resolved[0] == shape.first { result.sparseRows = sparseRows }
        return result
    }

    /// The transpose of a matrix (a tensor of rank 1 is returned unchanged).
    public func transposed() -> Tensor {
        if rank < 2 { return self }
        require(rank == 2, "transposed() needs a matrix, got shape \(shape)")
        let rows = shape[0], cols = shape[1]
        let result = Tensor(shape: [cols, rows]) { out, _ in
            scalars.withUnsafeBufferPointer { SIMDKernels.transpose($0.baseAddress!, rows: rows, cols: cols, out) }
        }
        return Tensor.recorded(result, inputs: [self]) { g in [g.transposed()] }
    }

    /// Row `index` of the tensor (its first axis), without the first axis. Not differentiable.
    public subscript(index: Int) -> Tensor {
        require(rank >= 1 && index >= 0 && index < shape[0], "row \(index) is out of range for shape \(shape)")
        let width = count / shape[0]
        return Tensor(shape: Array(shape.dropFirst()), scalars: Array(scalars[(index * width)..<((index + 1) * width)]))
    }

    /// Rows `range` of the tensor (its first axis). Not differentiable.
    public subscript(range: Range<Int>) -> Tensor {
        require(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                     "rows \(range) are out of range for shape \(shape)")
        let width = shape[0] == 0 ? 0 : count / shape[0]
        return Tensor(shape: [range.count] + shape.dropFirst(),
                      scalars: Array(scalars[(range.lowerBound * width)..<(range.upperBound * width)]))
    }

    /// Rows `range` of the tensor (its first axis). Not differentiable.
    public subscript(range: ClosedRange<Int>) -> Tensor { self[range.lowerBound..<(range.upperBound + 1)] }

    /// The rows at `indices`, in that order. Not differentiable.
    public func gatheringRows(_ indices: [Int]) -> Tensor {
        let width = shape.isEmpty || shape[0] == 0 ? 0 : count / shape[0]
        return Tensor(shape: [indices.count] + shape.dropFirst()) { out, _ in
            scalars.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    (out + row * width).update(from: source.baseAddress! + index * width, count: width)
                }
            }
        }
    }

    /// Stacks tensors of equal trailing shape along the first axis. Not differentiable.
    public static func concatenatingRows(_ tensors: [Tensor]) -> Tensor {
        guard let first = tensors.first else { return Tensor(zeros: [0]) }
        let tail = Array(first.shape.dropFirst())
        require(tensors.allSatisfy { Array($0.shape.dropFirst()) == tail },
                     "cannot concatenate shapes \(tensors.map(\.shape))")
        return Tensor(shape: [tensors.reduce(0) { $0 + $1.shape[0] }] + tail, scalars: tensors.flatMap(\.scalars))
    }
}

/// The matrix product a·b of an [m, k] and a [k, n] matrix. Backward: da = g·bᵀ, db = aᵀ·g.
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
    require(a.rank == 2 && b.rank == 2 && a.shape[1] == b.shape[0],
                 "matmul needs [m, k] and [k, n] matrices, got \(a.shape) and \(b.shape)")
    let m = a.shape[0], k = a.shape[1], n = b.shape[1]
    let result = Tensor.product(a, transposeA: false, b, transposeB: false, m: m, n: n, k: k)
    return Tensor.recorded(result, inputs: [a, b]) { g in
        [Tensor.product(g, transposeA: false, b, transposeB: true, m: m, n: k, k: n),
         Tensor.product(a, transposeA: true, g, transposeB: false, m: k, n: n, k: m)]
    }
}

extension Tensor {
    /// op(a)·op(b) as an [m, n] tensor, through the SIMD kernel.
    static func product(_ a: Tensor, transposeA: Bool, _ b: Tensor, transposeB: Bool, m: Int, n: Int, k: Int) -> Tensor {
        if k == 0 { return Tensor(zeros: [m, n]) }
        return Tensor(shape: [m, n]) { out, _ in
            a.scalars.withUnsafeBufferPointer { pa in
                b.scalars.withUnsafeBufferPointer { pb in
                    sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                          a: pa.baseAddress!, lda: transposeA ? m : k, b: pb.baseAddress!, ldb: transposeB ? k : n,
                          beta: 0, c: out, ldc: n)
                }
            }
        }
    }
}
