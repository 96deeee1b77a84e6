// Vectorized transcendental functions (Cephes single-precision algorithms, about 1-2 ulp).

/// e^x lane-wise. Overflows to +inf above ~88.72, underflows through denormals to 0 below ~-103.9, NaN stays NaN.
/// Range reduction x = n·ln2 + r (Cody-Waite split of ln2), e^r by a degree-6 polynomial, 2^n applied as
/// 2^(n/2)·2^(n-n/2) so that denormal results and the overflow boundary are exact.
@inline(__always)
func vexp(_ input: Vec) -> Vec {
    let x0 = input.clamped(lowerBound: Vec(repeating: -104), upperBound: Vec(repeating: 89))
    let fx = (x0 * 1.44269504088896341).rounded(.toNearestOrEven)
    var x = x0 - fx * 0.693359375
    x = x - fx * -2.12194440e-4
    let z = x * x
    var y = Vec(repeating: 1.9875691500e-4)
    y = y * x + 1.3981999507e-3
    y = y * x + 8.3334519073e-3
    y = y * x + 4.1665795894e-2
    y = y * x + 1.6666665459e-1
    y = y * x + 5.0000001201e-1
    y = y * z + x + 1
    let n = truncatedIntegers(fx)
    let n1 = n &>> 1
    let n2 = n &- n1
    let s1 = floats(SIMD8<UInt32>(truncatingIfNeeded: (n1 &+ 127) &<< 23))
    let s2 = floats(SIMD8<UInt32>(truncatingIfNeeded: (n2 &+ 127) &<< 23))
    return (y * s1 * s2).replacing(with: input, where: nanMask(input))
}

/// Natural logarithm lane-wise: log(0) = -inf, log(negative) = NaN, log(inf) = inf; denormals handled.
/// x = m·2^e with m in [√½, √2), log(x) = log1p(m - 1) (degree-9 polynomial) + e·ln2.
@inline(__always)
func vlog(_ input: Vec) -> Vec {
    let tiny = input .< Float.leastNormalMagnitude
    let scaled = input.replacing(with: input * 8388608, where: tiny)  // 2^23 lifts denormals
    let b = bits(scaled)
    var e = SIMD8<Int32>(truncatingIfNeeded: b &>> 23) &- 126
    e = e.replacing(with: e &- 23, where: tiny)
    var m = floats((b & 0x007F_FFFF) | 0x3F00_0000)  // mantissa in [0.5, 1)
    let small = m .< 0.707106781186547524
    e = e.replacing(with: e &- 1, where: small)
    m = m.replacing(with: m + m, where: small) - 1
    let ef = Vec(e)
    let z = m * m
    var y = Vec(repeating: 7.0376836292e-2)
    y = y * m - 1.1514610310e-1
    y = y * m + 1.1676998740e-1
    y = y * m - 1.2420140846e-1
    y = y * m + 1.4249322787e-1
    y = y * m - 1.6668057665e-1
    y = y * m + 2.0000714765e-1
    y = y * m - 2.4999993993e-1
    y = y * m + 3.3333331174e-1
    y = y * m * z
    y = y + ef * -2.12194440e-4
    y = y - 0.5 * z
    var r = m + y
    r = r + ef * 0.693359375
    r = r.replacing(with: -.infinity, where: input .== 0)
    r = r.replacing(with: .infinity, where: input .== .infinity)
    return r.replacing(with: .nan, where: (input .< 0) .| nanMask(input))
}

/// tanh lane-wise: an odd polynomial for |x| < 0.625, 1 - 2/(e^{2|x|} + 1) with the sign restored above.
@inline(__always)
func vtanh(_ x: Vec) -> Vec {
    let ax = floats(bits(x) & 0x7FFF_FFFF)
    let z = x * x
    var p = Vec(repeating: -5.70498872745e-3)
    p = p * z + 2.06390887954e-2
    p = p * z - 5.37397155531e-2
    p = p * z + 1.33314422036e-1
    p = p * z - 3.33332819422e-1
    let smallResult = p * z * x + x
    let big = 1 - 2 / (vexp(ax + ax) + 1)
    let bigResult = floats(bits(big) | (bits(x) & 0x8000_0000))
    return bigResult.replacing(with: smallResult, where: ax .< 0.625)
}

/// Logistic sigmoid lane-wise: 1 / (1 + e^{-x}).
@inline(__always)
func vsigmoid(_ x: Vec) -> Vec {
    1 / (1 + vexp(-x))
}

/// √x lane-wise with IEEE semantics: √(-0) = -0, √(negative) = NaN, √NaN = NaN.
///
/// `SIMD8.squareRoot()` and a plain `Float.squareRoot()` loop compile on Linux to one `sqrtss` per lane with a
/// `sqrtf` call for negative inputs (C's errno rule); the square root of the magnitude, lane by lane, is one
/// `vsqrtps`. The negative lanes are then set back to NaN and the zeros to themselves.
@inline(__always)
func vsqrt(_ x: Vec) -> Vec {
    var root = x
    for lane in 0..<vecWidth { root[lane] = x[lane].magnitude.squareRoot() }
    return root.replacing(with: .nan, where: x .< 0).replacing(with: x, where: x .== 0)
}

/// The lanes of `x` rounded toward zero to integers (in range): one `vcvttps2dq`, where the SIMD conversion
/// initializers call a generic function.
@inline(__always)
func truncatedIntegers(_ x: Vec) -> SIMD8<Int32> {
    var result = SIMD8<Int32>()
    for lane in 0..<vecWidth { result[lane] = Int32(x[lane]) }
    return result
}
