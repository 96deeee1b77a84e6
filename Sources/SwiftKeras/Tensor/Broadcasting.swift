import SIMDKernels

/// NumPy broadcasting for element-wise operations, with fast paths for equal shapes and for a trailing-axis
/// operand (a bias row, a scalar), which are the cases models use.
enum Broadcasting {
    /// The broadcast shape of `a` and `b`; traps with both shapes when they are incompatible.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int] {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        return zip(paddedA, paddedB).map { x, y in
            require(x == y || x == 1 || y == 1, "Shapes \(a) and \(b) cannot be broadcast together")
            return x == 1 ? y : x
        }
    }

    /// Whether `small` broadcasts against `large` by repeating along leading axes only.
    static func isTrailing(_ small: [Int], of large: [Int]) -> Bool {
        var trimmed = small[...]
        while let first = trimmed.first, first == 1, trimmed.count > 0 { trimmed = trimmed.dropFirst() }
        return trimmed.count <= large.count && Array(large.suffix(trimmed.count)) == Array(trimmed)
            && small.count <= large.count
    }

    /// `a op b` with broadcasting (forward only).
    static func apply(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        if a.shape == b.shape {
            return Tensor(shape: a.shape) { out, count in
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        binary(op, pa.baseAddress!, pb.baseAddress!, out, count: count)
                    }
                }
            }
        }
        if b.count > 0, isTrailing(b.shape, of: a.shape) {
            return Tensor(shape: a.shape) { out, count in
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        binaryBroadcast(op, pa.baseAddress!, count: count, pb.baseAddress!, period: b.count,
                                        reversed: false, out)
                    }
                }
            }
        }
        if a.count > 0, isTrailing(a.shape, of: b.shape) {
            return Tensor(shape: b.shape) { out, count in
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        binaryBroadcast(op, pb.baseAddress!, count: count, pa.baseAddress!, period: a.count,
                                        reversed: true, out)
                    }
                }
            }
        }
        return general(op, a, b)
    }

    /// The general case: walk the output index space with per-operand strides (0 on broadcast axes).
    private static func general(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) -> Tensor {
        let outShape = shape(a.shape, b.shape)
        let stridesA = broadcastStrides(a.shape, rank: outShape.count, outShape: outShape)
        let stridesB = broadcastStrides(b.shape, rank: outShape.count, outShape: outShape)
        var result = [Float](repeating: 0, count: outShape.reduce(1, *))
        var index = [Int](repeating: 0, count: outShape.count)
        for position in 0..<result.count {
            var offsetA = 0, offsetB = 0
            for axis in 0..<index.count {
                offsetA += index[axis] * stridesA[axis]
                offsetB += index[axis] * stridesB[axis]
            }
            let x = a.scalars[offsetA], y = b.scalars[offsetB]
            switch op {
            case .add: result[position] = x + y
            case .subtract: result[position] = x - y
            case .multiply: result[position] = x * y
            case .divide: result[position] = x / y
            case .maximum: result[position] = Swift.max(x, y)
            case .minimum: result[position] = Swift.min(x, y)
            }
            var axis = index.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < outShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: outShape, scalars: result)
    }

    static func broadcastStrides(_ shape: [Int], rank: Int, outShape: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: rank - shape.count) + shape
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 && outShape[axis] != 1 ? 0 : step
            step *= padded[axis]
        }
        return strides
    }

    /// Sums a gradient of the broadcast shape back down to an operand's `shape`.
    static func reduce(_ gradient: Tensor, to shape: [Int]) -> Tensor {
        if gradient.shape == shape { return gradient }
        let period = shape.reduce(1, *)
        if period > 0, isTrailing(shape, of: gradient.shape) {
            return Tensor(shape: shape) { out, _ in
                gradient.scalars.withUnsafeBufferPointer { pg in
                    columnSums(pg.baseAddress!, rows: gradient.count / period, cols: period, out, accumulate: false)
                }
            }
        }
        let rank = gradient.shape.count
        let strides = broadcastStrides(shape, rank: rank, outShape: gradient.shape)
        var result = [Float](repeating: 0, count: period)
        var index = [Int](repeating: 0, count: rank)
        for position in 0..<gradient.count {
            var offset = 0
            for axis in 0..<rank { offset += index[axis] * strides[axis] }
            result[offset] += gradient.scalars[position]
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < gradient.shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: shape, scalars: result)
    }
}
