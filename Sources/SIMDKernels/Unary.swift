// Element-wise unary operations.

/// A unary element-wise operation.
public enum UnaryOp: Sendable {
    /// -x
    case negate
    /// x²
    case square
    /// √x (NaN below 0)
    case sqrt
    /// e^x
    case exp
    /// ln x (-inf at 0, NaN below 0)
    case log
    /// |x|
    case abs
    /// max(x, 0)
    case relu
    /// 1 / (1 + e^{-x})
    case sigmoid
    /// tanh x
    case tanh
    /// 1 for x > 0, -1 for x < 0, 0 for ±0, NaN for NaN
    case sign
    /// 1 / x
    case reciprocal
}

/// Element-wise unary operation: `y[i] = op(x[i])`.
///
/// - Parameters:
///   - op: The operation.
///   - x: Input, `count` floats.
///   - y: Output, `count` floats; may alias `x`.
///   - count: Number of elements.
public func unary(_ op: UnaryOp, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
    forEachRange(count, minimumParallelCount: parallelHeavyCount) { start, n in
        let x = x + start
        let y = y + start
        switch op {
        case .negate: mapVectors(x, y, count: n) { -$0 }
        case .square: mapVectors(x, y, count: n) { $0 * $0 }
        case .sqrt: mapVectors(x, y, count: n) { vsqrt($0) }
        case .exp: mapVectors(x, y, count: n) { vexp($0) }
        case .log: mapVectors(x, y, count: n) { vlog($0) }
        case .abs: mapVectors(x, y, count: n) { floats(bits($0) & 0x7FFF_FFFF) }
        case .relu: mapVectors(x, y, count: n) { activate($0, .relu) }
        case .sigmoid: mapVectors(x, y, count: n) { vsigmoid($0) }
        case .tanh: mapVectors(x, y, count: n) { vtanh($0) }
        case .sign:
            mapVectors(x, y, count: n) { v in
                Vec(repeating: 0).replacing(with: 1, where: v .> 0).replacing(with: -1, where: v .< 0)
                    .replacing(with: v, where: nanMask(v))
            }
        case .reciprocal: mapVectors(x, y, count: n) { 1 / $0 }
        }
    }
}
