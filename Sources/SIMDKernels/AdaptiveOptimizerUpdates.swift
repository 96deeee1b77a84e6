// In-place updates of Nadam, Adamax, Adadelta and Lion with Keras 3's formulas in float32. Plain loops over
// contiguous buffers with no dependence between elements, which the compiler vectorizes (this module is built with
// -Ounchecked); `1 - β` is `kerasComplement(β)` where Keras subtracts from a Python float, float32 arithmetic
// where it subtracts from a tensor.

/// Nadam step in place: `m += (g - m)(1 - β₁)`, `v += (g² - v)(1 - β₂)`, `m̂ = a·m + b·g`, `v̂ = v / (1 - β₂ᵗ)`,
/// `w -= lr·m̂ / (√v̂ + ε)`, with `a = u_{t+1} / (1 - Πu_{t+1})` and `b = (1 - u_t) / (1 - Πu_t)` computed by the
/// caller from the momentum schedule `u_t = β₁(1 - ½·0.96ᵗ)`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - m: First moment, updated in place.
///   - v: Second moment, updated in place.
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - momentumWeight: `a`.
///   - gradientWeight: `b`.
///   - oneMinusBeta1: `1 - β₁`.
///   - oneMinusBeta2: `1 - β₂`.
///   - secondMomentCorrection: `1 - β₂ᵗ`.
///   - epsilon: ε.
public func nadamUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                        m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int, learningRate: Float,
                        momentumWeight: Float, gradientWeight: Float, oneMinusBeta1: Float, oneMinusBeta2: Float,
                        secondMomentCorrection: Float, epsilon: Float) {
    for i in 0..<count {
        let g = gradients[i]
        m[i] += (g - m[i]) * oneMinusBeta1
        v[i] += (g * g - v[i]) * oneMinusBeta2
        let mHat = momentumWeight * m[i] + gradientWeight * g
        let vHat = v[i] / secondMomentCorrection
        weights[i] -= mHat * learningRate / (vHat.squareRoot() + epsilon)
    }
}

/// Adamax step in place: `m += (g - m)(1 - β₁)`, `u = max(β₂·u, |g|)`, `w -= lr·m / ((1 - β₁ᵗ)(u + ε))`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - m: First moment, updated in place.
///   - u: Exponentially weighted infinity norm, updated in place.
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - beta1: β₁.
///   - beta2: β₂.
///   - firstMomentCorrection: `1 - β₁ᵗ`.
///   - epsilon: ε.
public func adamaxUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                         m: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>, count: Int, learningRate: Float,
                         beta1: Float, beta2: Float, firstMomentCorrection: Float, epsilon: Float) {
    let c1 = kerasComplement(beta1)
    for i in 0..<count {
        let g = gradients[i]
        m[i] += (g - m[i]) * c1
        u[i] = Swift.max(beta2 * u[i], Swift.abs(g))
        weights[i] -= learningRate * m[i] / (firstMomentCorrection * (u[i] + epsilon))
    }
}

/// Adadelta step in place: `E[g²] = ρ·E[g²] + (1 - ρ)g²`, `Δ = -√(E[Δ²] + ε)·g / √(E[g²] + ε)`,
/// `E[Δ²] = ρ·E[Δ²] + (1 - ρ)Δ²`, `w += lr·Δ`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - accumulatedGradient: `E[g²]`, updated in place.
///   - accumulatedDelta: `E[Δ²]`, updated in place.
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - rho: ρ.
///   - epsilon: ε.
public func adadeltaUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                           accumulatedGradient: UnsafeMutablePointer<Float>, accumulatedDelta: UnsafeMutablePointer<Float>,
                           count: Int, learningRate: Float, rho: Float, epsilon: Float) {
    let c = kerasComplement(rho)
    for i in 0..<count {
        let g = gradients[i]
        accumulatedGradient[i] = rho * accumulatedGradient[i] + c * (g * g)
        let delta = -((accumulatedDelta[i] + epsilon).squareRoot() * g) / (accumulatedGradient[i] + epsilon).squareRoot()
        accumulatedDelta[i] = rho * accumulatedDelta[i] + c * (delta * delta)
        weights[i] += learningRate * delta
    }
}

/// Lion step in place: `w -= lr·sign(β₁·m + (1 - β₁)g)`, then `m = β₂·m + (1 - β₂)g` (sign(0) = 0).
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - m: Momentum, updated in place.
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - beta1: β₁.
///   - beta2: β₂.
public func lionUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
                       count: Int, learningRate: Float, beta1: Float, beta2: Float) {
    let c1: Float = 1 - beta1, c2: Float = 1 - beta2
    for i in 0..<count {
        let g = gradients[i]
        let direction = m[i] * beta1 + g * c1
        let sign: Float = direction > 0 ? 1 : (direction < 0 ? -1 : (direction.isNaN ? .nan : 0))
        weights[i] -= learningRate * sign
        m[i] = m[i] * beta2 + g * c2
    }
}
