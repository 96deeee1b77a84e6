// In-place optimizer updates, with Keras 3's formulas and operation order in float32.

/// `1 - x` as Keras computes it: the complement of the decimal the user wrote, taken in double precision and
/// then rounded to float32 (Keras evaluates `1 - self.beta_1` on Python floats). `Float(0.999)` gives
/// `Float(1 - 0.999) = 0.001`, where float arithmetic would give `0.000999987`.
///
/// - Parameter x: A hyperparameter such as β₁, β₂ or ρ.
/// - Returns: `Float(1 - Double(x.description))`.
public func kerasComplement(_ x: Float) -> Float {
    Float(1 - (Double(x.description) ?? Double(x)))
}

/// SGD step in place: `w -= lr·g`; with momentum `v = momentum·v - lr·g, w += v`;
/// Nesterov: `v = momentum·v - lr·g, w += momentum·v - lr·g`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - velocity: Momentum buffer `v` (required when `momentum != 0`, ignored otherwise).
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - momentum: `momentum`; 0 for plain SGD.
///   - nesterov: Use Nesterov momentum.
public func sgdUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                      velocity: UnsafeMutablePointer<Float>?, count: Int, learningRate: Float, momentum: Float,
                      nesterov: Bool) {
    forEachRange(count, minimumParallelCount: parallelHeavyCount) { start, n in
        sgdStep(weights: weights + start, gradients: gradients + start, velocity: velocity.map { $0 + start },
                count: n, learningRate: learningRate, momentum: momentum, nesterov: nesterov)
    }
}

/// `sgdUpdate` on one range, serially.
func sgdStep(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
             velocity: UnsafeMutablePointer<Float>?, count: Int, learningRate: Float, momentum: Float,
             nesterov: Bool) {
    let lr = Vec(repeating: learningRate), mu = Vec(repeating: momentum)
    guard momentum != 0, let velocity else {
        plainSGDStep(weights: weights, gradients: gradients, count: count, learningRate: learningRate)
        return
    }
    forEachBlock(count) { i, n in
        let g = get(gradients + i, n)
        let v = get(velocity + i, n) * mu - g * lr
        // Keras 3: w += v, or with Nesterov w += μ·v - lr·g (v already updated).
        let w = get(weights + i, n) + (nesterov ? v * mu - g * lr : v)
        put(v, velocity + i, n)
        put(w, weights + i, n)
    }
}

/// `w -= lr·g` on one range, skipping the weights of each 64-float stretch whose gradient is all +0: `w - lr·0` is `w`
/// bit for bit (for a finite `lr`), and a dense layer on a batch of mostly-zero inputs (MNIST's) gets rows of exact
/// zeros in its kernel gradient (over 40% of the first layer's at batch 32), whose weights then need not be read or
/// written.
@inline(__always)
func plainSGDStep(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, count: Int,
                  learningRate: Float) {
    let lr = Vec(repeating: learningRate)
    let stretch = 8 * vecWidth
    var i = 0
    while i + stretch <= count {
        let g = gradients + i
        var any = bits(load(g)) | bits(load(g + vecWidth))
        any |= bits(load(g + 2 * vecWidth)) | bits(load(g + 3 * vecWidth))
        any |= bits(load(g + 4 * vecWidth)) | bits(load(g + 5 * vecWidth))
        any |= bits(load(g + 6 * vecWidth)) | bits(load(g + 7 * vecWidth))
        if any != SIMD8<UInt32>() {
            zipVectors(UnsafePointer(weights + i), g, weights + i, count: stretch) { w, g in w - g * lr }
        }
        i += stretch
    }
    zipVectors(UnsafePointer(weights + i), gradients + i, weights + i, count: count - i) { w, g in w - g * lr }
}

/// Adam step in place (Keras form): `m += (g - m)(1 - β₁)`, `v += (g² - v)(1 - β₂)`, AMSGrad `v̂ = max(v̂, v)`,
/// `w -= (m·alpha) / (√v̂ + ε)` (`v̂ = v` without AMSGrad). `1 - β` is computed as `kerasComplement(β)`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - m: First moment, updated in place.
///   - v: Second moment, updated in place.
///   - vHat: Running maximum of `v` for AMSGrad, or nil.
///   - count: Number of elements.
///   - alpha: `lr·√(1 - β₂ᵗ) / (1 - β₁ᵗ)` for step `t` (1-based), computed by the caller.
///   - beta1: β₁.
///   - beta2: β₂.
///   - epsilon: ε.
public func adamUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                       m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
                       vHat: UnsafeMutablePointer<Float>?, count: Int, alpha: Float, beta1: Float, beta2: Float,
                       epsilon: Float) {
    let c1 = kerasComplement(beta1), c2 = kerasComplement(beta2)
    forEachRange(count, minimumParallelCount: parallelHeavyCount) { start, n in
        adamStep(weights: weights + start, gradients: gradients + start, m: m + start, v: v + start,
                 vHat: vHat.map { $0 + start }, count: n, alpha: alpha, oneMinusBeta1: c1, oneMinusBeta2: c2,
                 epsilon: epsilon)
    }
}

/// `adamUpdate` on one range, serially, with the complements `1 - β` given.
func adamStep(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
              v: UnsafeMutablePointer<Float>, vHat: UnsafeMutablePointer<Float>?, count: Int, alpha: Float,
              oneMinusBeta1: Float, oneMinusBeta2: Float, epsilon: Float) {
    let c1 = Vec(repeating: oneMinusBeta1), c2 = Vec(repeating: oneMinusBeta2)
    let a = Vec(repeating: alpha), eps = Vec(repeating: epsilon)
    forEachBlock(count) { i, n in
        let g = get(gradients + i, n)
        var mi = get(m + i, n)
        var vi = get(v + i, n)
        mi = mi + (g - mi) * c1
        vi = vi + (g * g - vi) * c2
        put(mi, m + i, n)
        put(vi, v + i, n)
        if let vHat {
            var h = get(vHat + i, n)
            h = h.replacing(with: vi, where: h .< vi)
            put(h, vHat + i, n)
            vi = h
        }
        put(get(weights + i, n) - (mi * a) / (vsqrt(vi) + eps), weights + i, n)
    }
}

/// RMSprop step in place (Keras form): `v = ρ·v + (1 - ρ)·g²`; centered: `a = ρ·a + (1 - ρ)·g`,
/// `denom = v - a² + ε`, else `denom = v + ε`; `inc = lr·g / √denom`; with momentum `mom = momentum·mom + inc,
/// w -= mom`, else `w -= inc`. `1 - ρ` is computed as `kerasComplement(ρ)`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - velocity: Mean square `v`, updated in place.
///   - averageGradient: Mean gradient `a` for the centered variant, or nil.
///   - momentumBuffer: Momentum buffer `mom` (used when `momentum > 0`), or nil.
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - rho: ρ.
///   - momentum: Momentum; 0 for none.
///   - epsilon: ε.
public func rmspropUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                          velocity: UnsafeMutablePointer<Float>, averageGradient: UnsafeMutablePointer<Float>?,
                          momentumBuffer: UnsafeMutablePointer<Float>?, count: Int, learningRate: Float, rho: Float,
                          momentum: Float, epsilon: Float) {
    let complement = kerasComplement(rho)
    forEachRange(count, minimumParallelCount: parallelHeavyCount) { start, n in
        rmspropStep(weights: weights + start, gradients: gradients + start, velocity: velocity + start,
                    averageGradient: averageGradient.map { $0 + start },
                    momentumBuffer: momentumBuffer.map { $0 + start }, count: n, learningRate: learningRate,
                    rho: rho, oneMinusRho: complement, momentum: momentum, epsilon: epsilon)
    }
}

/// `rmspropUpdate` on one range, serially, with the complement `1 - ρ` given.
func rmspropStep(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                 velocity: UnsafeMutablePointer<Float>, averageGradient: UnsafeMutablePointer<Float>?,
                 momentumBuffer: UnsafeMutablePointer<Float>?, count: Int, learningRate: Float, rho: Float,
                 oneMinusRho: Float, momentum: Float, epsilon: Float) {
    let r = Vec(repeating: rho), c = Vec(repeating: oneMinusRho)
    let lr = Vec(repeating: learningRate), mu = Vec(repeating: momentum), eps = Vec(repeating: epsilon)
    let momentumBuffer = momentum > 0 ? momentumBuffer : nil
    forEachBlock(count) { i, n in
        let g = get(gradients + i, n)
        let v = r * get(velocity + i, n) + c * (g * g)
        put(v, velocity + i, n)
        var denominator: Vec
        if let averageGradient {
            let a = r * get(averageGradient + i, n) + c * g
            put(a, averageGradient + i, n)
            denominator = v - a * a + eps
        } else {
            denominator = v + eps
        }
        let increment = (lr * g) / vsqrt(denominator)
        if let momentumBuffer {
            let mom = mu * get(momentumBuffer + i, n) + increment
            put(mom, momentumBuffer + i, n)
            put(get(weights + i, n) - mom, weights + i, n)
        } else {
            put(get(weights + i, n) - increment, weights + i, n)
        }
    }
}

/// Adagrad step in place (Keras form): `acc += g²`, `w -= lr·g / √(acc + ε)`.
///
/// - Parameters:
///   - weights: Weights `w`, updated in place.
///   - gradients: Gradients `g`.
///   - accumulator: Sum of squared gradients `acc`, updated in place.
///   - count: Number of elements.
///   - learningRate: `lr`.
///   - epsilon: ε.
public func adagradUpdate(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                          accumulator: UnsafeMutablePointer<Float>, count: Int, learningRate: Float, epsilon: Float) {
    let lr = Vec(repeating: learningRate), eps = Vec(repeating: epsilon)
    forEachRange(count, minimumParallelCount: parallelHeavyCount) { start, n in
        adagradStep(weights + start, gradients + start, accumulator + start, n, lr, eps)
    }
}

/// `adagradUpdate` on one range, serially.
@inline(__always)
func adagradStep(_ weights: UnsafeMutablePointer<Float>, _ gradients: UnsafePointer<Float>,
                 _ accumulator: UnsafeMutablePointer<Float>, _ count: Int, _ lr: Vec, _ eps: Vec) {
    forEachBlock(count) { i, n in
        let g = get(gradients + i, n)
        let acc = get(accumulator + i, n) + g * g
        put(acc, accumulator + i, n)
        put(get(weights + i, n) - (lr * g) / vsqrt(acc + eps), weights + i, n)
    }
}

/// Decoupled weight decay in place: `w -= w·factor` (AdamW passes `factor = lr·decay`).
///
/// - Parameters:
///   - w: Weights, updated in place.
///   - count: Number of elements.
///   - factor: The decay factor.
public func decayWeights(_ w: UnsafeMutablePointer<Float>, count: Int, factor: Float) {
    let f = Vec(repeating: factor)
    forEachRange(count, minimumParallelCount: parallelLightCount) { start, n in
        mapVectors(UnsafePointer(w + start), w + start, count: n) { $0 - $0 * f }
    }
}

/// Calls `body(start, n)` over consecutive blocks of `n = 8` elements, the last one possibly shorter.
@inline(__always)
func forEachBlock(_ count: Int, _ body: (Int, Int) -> Void) {
    var i = 0
    while i < count {
        let n = min(vecWidth, count - i)
        body(i, n)
        i += n
    }
}

/// Loads a full or partial block of `n` floats.
@inline(__always)
func get(_ p: UnsafePointer<Float>, _ n: Int) -> Vec { n == vecWidth ? load(p) : loadPartial(p, n) }

/// Loads a full or partial block of `n` floats.
@inline(__always)
func get(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Vec { get(UnsafePointer(p), n) }

/// Stores a full or partial block of `n` floats.
@inline(__always)
func put(_ v: Vec, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
    if n == vecWidth { store(v, p) } else { storePartial(v, p, n) }
}
