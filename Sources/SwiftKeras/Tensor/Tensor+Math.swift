import SIMDKernels

// Element-wise functions and activations, each with its derivative beside it.

extension Tensor {
    /// x², with d/dx = 2x.
    public func squared() -> Tensor {
        let x = detached
        return Tensor.recorded(applying(.square), inputs: [self]) { g in [g * (x * 2)] }
    }

    /// √x, with d/dx = 1 / (2√x).
    public func sqrt() -> Tensor {
        let y = applying(.sqrt)
        return Tensor.recorded(y, inputs: [self]) { g in [g / (y * 2)] }
    }

    /// eˣ, with d/dx = eˣ.
    public func exp() -> Tensor {
        let y = applying(.exp)
        return Tensor.recorded(y, inputs: [self]) { g in [g * y] }
    }

    /// ln x, with d/dx = 1/x.
    public func log() -> Tensor {
        let x = detached
        return Tensor.recorded(applying(.log), inputs: [self]) { g in [g / x] }
    }

    /// |x|, with d/dx = sign(x) (0 at 0, as TensorFlow).
    public func abs() -> Tensor {
        let x = detached
        return Tensor.recorded(applying(.abs), inputs: [self]) { g in [g * x.applying(.sign)] }
    }

    /// Element-wise maximum with broadcasting; the gradient goes to the larger operand (to `self` on ties).
    public func maximum(_ other: Tensor) -> Tensor {
        let a = detached, b = other.detached
        return Tensor.recorded(Broadcasting.apply(.maximum, a, b), inputs: [self, other]) { g in
            let outShape = Broadcasting.shape(a.shape, b.shape)
            let wideA = Broadcasting.apply(.add, a, Tensor(zeros: outShape))
            let wideB = Broadcasting.apply(.add, b, Tensor(zeros: outShape))
            let aWins = Tensor(shape: outShape, scalars: zip(wideA.scalars, wideB.scalars).map { $0 >= $1 ? 1 : 0 })
            let bWins = 1 - aWins
            return [Broadcasting.reduce(g * aWins, to: a.shape), Broadcasting.reduce(g * bWins, to: b.shape)]
        }
    }

    /// Clips every value to `[low, high]`; the gradient flows only where the value was inside.
    public func clipped(min low: Float, max high: Float) -> Tensor {
        let x = detached
        let y = applying(.maximum, scalar: low).applying(.minimum, scalar: high)
        return Tensor.recorded(y, inputs: [self]) { g in
            [g * Tensor(shape: x.shape, scalars: x.scalars.map { $0 >= low && $0 <= high ? 1 : 0 })]
        }
    }
}

/// max(0, x), with derivative 1 where x > 0 and 0 elsewhere.
public func relu(_ x: Tensor) -> Tensor {
    let y = x.applying(.relu)
    return Tensor.recorded(y, inputs: [x]) { g in
        [Tensor(shape: g.shape) { out, count in
            y.scalars.withUnsafeBufferPointer { py in
                g.scalars.withUnsafeBufferPointer { pg in
                    activationBackward(.relu, output: py.baseAddress!, gradient: pg.baseAddress!, result: out, count: count)
                }
            }
        }]
    }
}

/// 1 / (1 + e⁻ˣ), with derivative y(1 - y).
public func sigmoid(_ x: Tensor) -> Tensor {
    let y = x.applying(.sigmoid)
    var result = Tensor.recorded(y, inputs: [x]) { g in [activationGradient(.sigmoid, output: y, gradient: g)] }
    result.activationLogits = ActivationLogits(.sigmoid, x)
    return result
}

/// tanh x, with derivative 1 - y².
public func tanh(_ x: Tensor) -> Tensor {
    let y = x.applying(.tanh)
    return Tensor.recorded(y, inputs: [x]) { g in [activationGradient(.tanh, output: y, gradient: g)] }
}

/// dz = dy · act'(y), from the activation's output.
func activationGradient(_ activation: KernelActivation, output y: Tensor, gradient g: Tensor) -> Tensor {
    Tensor(shape: g.shape) { out, count in
        y.scalars.withUnsafeBufferPointer { py in
            g.scalars.withUnsafeBufferPointer { pg in
                activationBackward(activation, output: py.baseAddress!, gradient: pg.baseAddress!, result: out, count: count)
            }
        }
    }
}

/// Softmax over the last axis: yᵢ = e^{xᵢ} / Σⱼ e^{xⱼ}, computed stably (the row maximum is subtracted).
/// Backward: dx = y ⊙ (dy - Σ(dy ⊙ y)).
public func softmax(_ x: Tensor) -> Tensor {
    let cols = x.shape.last ?? 1
    let rows = cols == 0 ? 0 : x.count / cols
    let y = Tensor(shape: x.shape) { out, _ in
        x.scalars.withUnsafeBufferPointer { softmaxRows($0.baseAddress!, out, rows: rows, cols: cols) }
    }
    var result = Tensor.recorded(y, inputs: [x]) { g in
        let dot = (g * y).sum(axis: -1).reshaped(to: Array(x.shape.dropLast()) + [1])
        return [y * (g - dot)]
    }
    result.activationLogits = ActivationLogits(.softmax, x)
    return result
}

/// The logits a softmax or sigmoid output came from (see `Tensor.activationLogits`).
final class ActivationLogits {
    enum Kind { case softmax, sigmoid }
    let kind: Kind
    let logits: Tensor
    init(_ kind: Kind, _ logits: Tensor) { self.kind = kind; self.logits = logits }
}

extension Tensor {
    /// The logits this tensor was computed from by the activation `kind`, if it is such an output.
    func logits(of kind: ActivationLogits.Kind) -> Tensor? {
        activationLogits?.kind == kind ? activationLogits?.logits : nil
    }
}

/// Log-softmax over the last axis: xᵢ - log Σⱼ e^{xⱼ}, computed stably. Backward: dx = dy - softmax(x) Σ dy.
public func logSoftmax(_ x: Tensor) -> Tensor {
    let cols = x.shape.last ?? 1
    let rows = cols == 0 ? 0 : x.count / cols
    let y = Tensor(shape: x.shape) { out, _ in
        x.scalars.withUnsafeBufferPointer { logSoftmaxRows($0.baseAddress!, out, rows: rows, cols: cols) }
    }
    return Tensor.recorded(y, inputs: [x]) { g in
        let total = g.sum(axis: -1).reshaped(to: Array(x.shape.dropLast()) + [1])
        return [g - y.exp() * total]
    }
}
