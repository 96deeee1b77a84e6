// Activation functions and their derivatives, element-wise.

/// An activation that the fused kernels can apply: `linear` (identity), `relu`, `sigmoid` or `tanh`.
public enum KernelActivation: Sendable {
    /// f(x) = x.
    case linear
    /// f(x) = max(x, 0).
    case relu
    /// f(x) = 1 / (1 + e^{-x}).
    case sigmoid
    /// f(x) = tanh(x).
    case tanh
}

/// The activation applied to one vector.
@inline(__always)
func activate(_ v: Vec, _ activation: KernelActivation) -> Vec {
    switch activation {
    case .linear: return v
    case .relu: return v.replacing(with: 0, where: v .< 0)
    case .sigmoid: return vsigmoid(v)
    case .tanh: return vtanh(v)
    }
}

/// Applies an activation element-wise: `y[i] = act(x[i])`.
///
/// - Parameters:
///   - activation: The activation.
///   - x: Input, `count` floats.
///   - y: Output, `count` floats; may alias `x`.
///   - count: Number of elements.
public func applyActivation(_ activation: KernelActivation, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
                            count: Int) {
    forEachRange(count, minimumParallelCount: parallelHeavyCount) { start, n in
        let x = x + start
        let y = y + start
        switch activation {
        case .linear:
            if UnsafePointer(y) != x { y.update(from: x, count: n) }
        case .relu: mapVectors(x, y, count: n) { activate($0, .relu) }
        case .sigmoid: mapVectors(x, y, count: n) { vsigmoid($0) }
        case .tanh: mapVectors(x, y, count: n) { vtanh($0) }
        }
    }
}

/// Back-propagates through an activation from its output: `dz = dy · act'(y)`.
///
/// The derivative is expressed with the activation's output `y`: relu `y > 0 ? 1 : 0`, sigmoid `y(1 - y)`,
/// tanh `1 - y²`, linear `1`.
///
/// - Parameters:
///   - activation: The activation that produced `y`.
///   - y: The activation's output, `count` floats.
///   - dy: Gradient with respect to `y`, `count` floats.
///   - dz: Gradient with respect to the activation's input, `count` floats; may alias `dy`.
///   - count: Number of elements.
public func activationBackward(_ activation: KernelActivation, output y: UnsafePointer<Float>,
                               gradient dy: UnsafePointer<Float>, result dz: UnsafeMutablePointer<Float>, count: Int) {
    forEachRange(count, minimumParallelCount: parallelLightCount) { start, n in
        let y = y + start
        let dy = dy + start
        let dz = dz + start
        switch activation {
        case .linear:
            if UnsafePointer(dz) != dy { dz.update(from: dy, count: n) }
        case .relu:
            zipVectors(y, dy, dz, count: n) { y, g in g.replacing(with: 0, where: .!(y .> 0)) }
        case .sigmoid:
            zipVectors(y, dy, dz, count: n) { y, g in g * (y * (1 - y)) }
        case .tanh:
            zipVectors(y, dy, dz, count: n) { y, g in g * (1 - y * y) }
        }
    }
}
