// Element-wise binary operations: same-shape, trailing-axis broadcast, scalar, and axpy.

/// A binary element-wise operation.
public enum BinaryOp: Sendable {
    /// a + b
    case add
    /// a - b
    case subtract
    /// a · b
    case multiply
    /// a / b
    case divide
    /// max(a, b); NaN if either is NaN.
    case maximum
    /// min(a, b); NaN if either is NaN.
    case minimum
}

/// `a op b` on one vector.
@inline(__always)
func apply(_ op: BinaryOp, _ a: Vec, _ b: Vec) -> Vec {
    switch op {
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    case .maximum: return a.replacing(with: b, where: (a .< b) .| nanMask(b))
    case .minimum: return a.replacing(with: b, where: (b .< a) .| nanMask(b))
    }
}

/// Runs `zipVectors` with the operation resolved outside the loop.
@inline(__always)
func zip(_ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
         count: Int) {
    switch op {
    case .add: zipVectors(a, b, out, count: count) { $0 + $1 }
    case .subtract: zipVectors(a, b, out, count: count) { $0 - $1 }
    case .multiply: zipVectors(a, b, out, count: count) { $0 * $1 }
    case .divide: zipVectors(a, b, out, count: count) { $0 / $1 }
    case .maximum: zipVectors(a, b, out, count: count) { apply(.maximum, $0, $1) }
    case .minimum: zipVectors(a, b, out, count: count) { apply(.minimum, $0, $1) }
    }
}

/// Element-wise binary operation: `out[i] = a[i] op b[i]`.
///
/// - Parameters:
///   - op: The operation.
///   - a: Left operand, `count` floats.
///   - b: Right operand, `count` floats.
///   - out: Result, `count` floats; may alias `a` or `b`.
///   - count: Number of elements.
public func binary(_ op: BinaryOp, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                   _ out: UnsafeMutablePointer<Float>, count: Int) {
    forEachRange(count, minimumParallelCount: parallelLightCount) { start, n in
        let a = a + start
        let b = b + start
        let out = out + start
        zip(op, a, b, out, count: n)
    }
}

/// Trailing-axis broadcast: `out[i] = a[i] op b[i % period]` (`reversed`: `b[i % period] op a[i]`).
///
/// - Parameters:
///   - op: The operation.
///   - a: The full operand, `count` floats.
///   - count: Elements of `a` and `out`; a multiple of `period`.
///   - b: The broadcast operand, `period` floats.
///   - period: Elements of `b` (≥ 1 when `count > 0`).
///   - reversed: Put `b` on the left of the operation.
///   - out: Result, `count` floats; may alias `a`.
public func binaryBroadcast(_ op: BinaryOp, _ a: UnsafePointer<Float>, count: Int, _ b: UnsafePointer<Float>,
                            period: Int, reversed: Bool, _ out: UnsafeMutablePointer<Float>) {
    guard count > 0, period > 0 else { return }
    if period == 1 {
        binaryScalar(op, a, b[0], reversed: reversed, out, count: count)
        return
    }
    var start = 0
    while start < count {
        if reversed {
            zip(op, b, a + start, out + start, count: period)
        } else {
            zip(op, a + start, b, out + start, count: period)
        }
        start += period
    }
}

/// Operation with a scalar: `out[i] = a[i] op s` (`reversed`: `s op a[i]`).
///
/// - Parameters:
///   - op: The operation.
///   - a: The array operand, `count` floats.
///   - s: The scalar operand.
///   - reversed: Put `s` on the left of the operation.
///   - out: Result, `count` floats; may alias `a`.
///   - count: Number of elements.
public func binaryScalar(_ op: BinaryOp, _ a: UnsafePointer<Float>, _ s: Float, reversed: Bool,
                         _ out: UnsafeMutablePointer<Float>, count: Int) {
    forEachRange(count, minimumParallelCount: parallelLightCount) { start, n in
        let a = a + start
        let out = out + start
        let sv = Vec(repeating: s)
        if reversed {
            switch op {
            case .add: mapVectors(a, out, count: n) { sv + $0 }
            case .subtract: mapVectors(a, out, count: n) { sv - $0 }
            case .multiply: mapVectors(a, out, count: n) { sv * $0 }
            case .divide: mapVectors(a, out, count: n) { sv / $0 }
            case .maximum: mapVectors(a, out, count: n) { apply(.maximum, sv, $0) }
            case .minimum: mapVectors(a, out, count: n) { apply(.minimum, sv, $0) }
            }
        } else {
            switch op {
            case .add: mapVectors(a, out, count: n) { $0 + sv }
            case .subtract: mapVectors(a, out, count: n) { $0 - sv }
            case .multiply: mapVectors(a, out, count: n) { $0 * sv }
            case .divide: mapVectors(a, out, count: n) { $0 / sv }
            case .maximum: mapVectors(a, out, count: n) { apply(.maximum, $0, sv) }
            case .minimum: mapVectors(a, out, count: n) { apply(.minimum, $0, sv) }
            }
        }
    }
}

/// Scaled accumulation: `y[i] += alpha · x[i]` (a multiply then an add, not fused).
///
/// - Parameters:
///   - alpha: The scale.
///   - x: Input, `count` floats.
///   - y: Accumulator, `count` floats.
///   - count: Number of elements.
public func axpy(alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, count: Int) {
    forEachRange(count, minimumParallelCount: parallelLightCount) { start, n in
        let x = x + start
        let y = y + start
        let av = Vec(repeating: alpha)
        zipVectors(x, UnsafePointer(y), y, count: n) { x, y in y + av * x }
    }
}

/// Fills `count` floats with `value`.
///
/// - Parameters:
///   - x: Destination, `count` floats.
///   - value: The value written.
///   - count: Number of elements.
public func fill(_ x: UnsafeMutablePointer<Float>, value: Float, count: Int) {
    guard count > 0 else { return }
    x.update(repeating: value, count: count)
}
