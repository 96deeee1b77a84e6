import SIMDKernels

// Reductions. An axis reduction views the tensor as [outer, axis, inner]; its backward pass spreads the
// gradient back along the reduced axis.

extension Tensor {
    /// The axis as a non-negative index; traps with the shape when it is out of range.
    func normalizedAxis(_ axis: Int) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        require(resolved >= 0 && resolved < rank, "axis \(axis) is out of range for a tensor of shape \(shape)")
        return resolved
    }

    /// The sizes (outer, axis, inner) of the [outer, axis, inner] view of a reduction along `axis`.
    func reductionView(_ axis: Int) -> (outer: Int, axis: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// The sum of all values, a scalar.
    public func sum() -> Tensor {
        let total = scalars.withUnsafeBufferPointer { SIMDKernels.sum($0.baseAddress!, count: count) }
        let shape = self.shape
        return Tensor.recorded(Tensor(total), inputs: [self]) { g in [Tensor(repeating: g.scalar, shape: shape)] }
    }

    /// The mean of all values, a scalar.
    public func mean() -> Tensor { sum() / Float(Swift.max(count, 1)) }

    /// Sums along `axis` (negative counts from the end); the axis is removed from the shape.
    public func sum(axis: Int) -> Tensor {
        let axis = normalizedAxis(axis)
        let view = reductionView(axis)
        var outShape = shape
        outShape.remove(at: axis)
        let result = Tensor(shape: outShape) { out, _ in
            scalars.withUnsafeBufferPointer {
                reduceSumMiddle($0.baseAddress!, outer: view.outer, axis: view.axis, inner: view.inner, out)
            }
        }
        let inShape = shape
        return Tensor.recorded(result, inputs: [self]) { g in
            [Tensor.spread(g, outer: view.outer, axis: view.axis, inner: view.inner, shape: inShape)]
        }
    }

    /// The mean along `axis`.
    public func mean(axis: Int) -> Tensor {
        let size = shape[normalizedAxis(axis)]
        return sum(axis: axis) / Float(Swift.max(size, 1))
    }

    /// The maximum along `axis`; the gradient flows to the first maximal element.
    public func max(axis: Int) -> Tensor {
        let axis = normalizedAxis(axis)
        let view = reductionView(axis)
        var outShape = shape
        outShape.remove(at: axis)
        var positions = [Int](repeating: 0, count: view.outer * view.inner)
        let result = Tensor(shape: outShape) { out, _ in
            scalars.withUnsafeBufferPointer { x in
                positions.withUnsafeMutableBufferPointer { p in
                    reduceMaxMiddle(x.baseAddress!, outer: view.outer, axis: view.axis, inner: view.inner, out,
                                    argmax: p.baseAddress!)
                }
            }
        }
        let inShape = shape
        return Tensor.recorded(result, inputs: [self]) { g in
            var grad = [Float](repeating: 0, count: inShape.reduce(1, *))
            for o in 0..<view.outer {
                for i in 0..<view.inner {
                    let j = o * view.inner + i
                    grad[(o * view.axis + positions[j]) * view.inner + i] = g.scalars[j]
                }
            }
            return [Tensor(shape: inShape, scalars: grad)]
        }
    }

    /// The index of the largest value along `axis` (the first one on ties), as a float tensor. Not differentiable.
    public func argmax(axis: Int = -1) -> Tensor {
        let axis = normalizedAxis(axis)
        let view = reductionView(axis)
        var outShape = shape
        outShape.remove(at: axis)
        var positions = [Int](repeating: 0, count: view.outer * view.inner)
        var maxima = [Float](repeating: 0, count: view.outer * view.inner)
        scalars.withUnsafeBufferPointer { x in
            positions.withUnsafeMutableBufferPointer { p in
                maxima.withUnsafeMutableBufferPointer { m in
                    reduceMaxMiddle(x.baseAddress!, outer: view.outer, axis: view.axis, inner: view.inner,
                                    m.baseAddress!, argmax: p.baseAddress!)
                }
            }
        }
        return Tensor(shape: outShape, scalars: positions.map(Float.init))
    }

    /// Repeats `g` (shaped [outer, inner]) along a new middle axis of size `axis`, giving `shape`.
    static func spread(_ g: Tensor, outer: Int, axis: Int, inner: Int, shape: [Int]) -> Tensor {
        Tensor(shape: shape) { out, _ in
            g.scalars.withUnsafeBufferPointer { pg in
                for o in 0..<outer {
                    for a in 0..<axis {
                        (out + (o * axis + a) * inner).update(from: pg.baseAddress! + o * inner, count: inner)
                    }
                }
            }
        }
    }
}
