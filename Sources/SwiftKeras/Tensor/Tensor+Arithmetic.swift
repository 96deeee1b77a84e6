import SIMDKernels

// Element-wise arithmetic with NumPy broadcasting. Each operator's backward pass sits beside it and sums the
// gradient back to each operand's shape.

extension Tensor {
    /// Element-wise sum with broadcasting.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        recorded(Broadcasting.apply(.add, lhs, rhs), inputs: [lhs, rhs]) { g in
            [Broadcasting.reduce(g, to: lhs.shape), Broadcasting.reduce(g, to: rhs.shape)]
        }
    }

    /// Element-wise difference with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        recorded(Broadcasting.apply(.subtract, lhs, rhs), inputs: [lhs, rhs]) { g in
            [Broadcasting.reduce(g, to: lhs.shape), Broadcasting.reduce(-g, to: rhs.shape)]
        }
    }

    /// Element-wise product with broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        recorded(Broadcasting.apply(.multiply, lhs, rhs), inputs: [lhs, rhs]) { g in
            [Broadcasting.reduce(Broadcasting.apply(.multiply, g, rhs), to: lhs.shape),
             Broadcasting.reduce(Broadcasting.apply(.multiply, g, lhs), to: rhs.shape)]
        }
    }

    /// Element-wise quotient with broadcasting: d(a/b) = da/b - a·db/b².
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        recorded(Broadcasting.apply(.divide, lhs, rhs), inputs: [lhs, rhs]) { g in
            let gOverB = Broadcasting.apply(.divide, g, rhs)
            let gradB = -Broadcasting.apply(.divide, Broadcasting.apply(.multiply, gOverB, lhs), rhs)
            return [Broadcasting.reduce(gOverB, to: lhs.shape), Broadcasting.reduce(gradB, to: rhs.shape)]
        }
    }

    /// Element-wise negation.
    public static prefix func - (operand: Tensor) -> Tensor {
        recorded(operand.applying(.negate), inputs: [operand]) { g in [-g] }
    }

    /// `tensor op scalar` (or `scalar op tensor` when `reversed`), forward only.
    func applying(_ op: BinaryOp, scalar: Float, reversed: Bool = false) -> Tensor {
        Tensor(shape: shape) { out, count in
            scalars.withUnsafeBufferPointer { binaryScalar(op, $0.baseAddress!, scalar, reversed: reversed, out, count: count) }
        }
    }

    /// A unary kernel applied to every value, forward only.
    func applying(_ op: UnaryOp) -> Tensor {
        Tensor(shape: shape) { out, count in
            scalars.withUnsafeBufferPointer { unary(op, $0.baseAddress!, out, count: count) }
        }
    }

    /// Adds `rhs` to every value.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor {
        recorded(lhs.applying(.add, scalar: rhs), inputs: [lhs]) { g in [g] }
    }

    /// Adds `lhs` to every value.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs + lhs }

    /// Subtracts `rhs` from every value.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor {
        recorded(lhs.applying(.subtract, scalar: rhs), inputs: [lhs]) { g in [g] }
    }

    /// Subtracts every value from `lhs`.
    public static func - (lhs: Float, rhs: Tensor) -> Tensor {
        recorded(rhs.applying(.subtract, scalar: lhs, reversed: true), inputs: [rhs]) { g in [-g] }
    }

    /// Multiplies every value by `rhs` (in place when `lhs` is a last use of a tensor nothing else shares).
    public static func * (lhs: consuming Tensor, rhs: Float) -> Tensor {
        scaledInPlace(consume lhs, .multiply, rhs) { g in [g.applying(.multiply, scalar: rhs)] }
    }

    /// Multiplies every value by `lhs`.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs * lhs }

    /// Divides every value by `rhs` (in place when `lhs` is a last use of a tensor nothing else shares, so that
    /// `x / 255` on MNIST's 188 MB of training images needs no second copy).
    public static func / (lhs: consuming Tensor, rhs: Float) -> Tensor {
        scaledInPlace(consume lhs, .divide, rhs) { g in [g.applying(.divide, scalar: rhs)] }
    }

    /// `tensor op scalar` written over the tensor's own storage (copy-on-write copies it first if it is shared).
    private static func scaledInPlace(_ tensor: consuming Tensor, _ op: BinaryOp, _ scalar: Float,
                                      backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        let input = Tensor(shape: [], scalars: [], node: tensor.node)
        var result = consume tensor
        result.node = nil
        result.scalars.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            binaryScalar(op, base, scalar, reversed: false, base, count: buffer.count)
        }
        return recorded(result, inputs: [input], backward: backward)
    }

    /// Divides `lhs` by every value: d(s/x) = -s/x².
    public static func / (lhs: Float, rhs: Tensor) -> Tensor {
        let result = rhs.applying(.divide, scalar: lhs, reversed: true)
        return recorded(result, inputs: [rhs]) { g in
            [-(Broadcasting.apply(.divide, Broadcasting.apply(.multiply, g, result.detached), rhs.detached))]
        }
    }

    /// In-place sum.
    public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
    /// In-place difference.
    public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
    /// In-place product.
    public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
    /// In-place quotient.
    public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }
    /// In-place scaling: writes over `lhs`'s own storage unless it is recorded on a tape or shared.
    public static func *= (lhs: inout Tensor, rhs: Float) { lhs.scaleInPlace(.multiply, rhs) }
    /// In-place division by a scalar: `x /= 255` normalizes MNIST's images without a second copy.
    public static func /= (lhs: inout Tensor, rhs: Float) { lhs.scaleInPlace(.divide, rhs) }

    private mutating func scaleInPlace(_ op: BinaryOp, _ scalar: Float) {
        if isRecorded {
            self = op == .multiply ? self * scalar : self / scalar
            return
        }
        scalars.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            binaryScalar(op, base, scalar, reversed: false, base, count: buffer.count)
        }
    }
}
