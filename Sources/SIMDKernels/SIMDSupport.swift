// Shared vector helpers: the vector type, unaligned loads and stores, and partial (tail) loads and stores.
//
// Every loop in this module processes full vectors and then the remaining `count % 8` elements through
// the same vector code (a zero-padded partial vector), so an element's result never depends on its
// position in the buffer.

/// The vector type used by every kernel: 8 floats, one AVX2 register.
typealias Vec = SIMD8<Float>

/// Lanes per vector.
let vecWidth = 8

/// Loads 8 floats from a possibly unaligned address.
@inline(__always)
func load(_ p: UnsafePointer<Float>) -> Vec {
    UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
}

/// Loads 8 floats from a possibly unaligned address.
@inline(__always)
func load(_ p: UnsafeMutablePointer<Float>) -> Vec {
    UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
}

/// Stores 8 floats to a possibly unaligned address.
@inline(__always)
func store(_ v: Vec, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec.self)
}

/// Loads the first `n` (< 8) floats at `p`; the other lanes are `fill`.
@inline(__always)
func loadPartial(_ p: UnsafePointer<Float>, _ n: Int, fill: Float = 0) -> Vec {
    var v = Vec(repeating: fill)
    for i in 0..<n { v[i] = p[i] }
    return v
}

/// Stores the first `n` (< 8) lanes of `v` at `p`.
@inline(__always)
func storePartial(_ v: Vec, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
    for i in 0..<n { p[i] = v[i] }
}

/// Applies `f` to every 8-lane block of `x` and writes `y` (which may alias `x`).
@inline(__always)
func mapVectors(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, _ f: (Vec) -> Vec) {
    var i = 0
    while i + 2 * vecWidth <= count {
        let r0 = f(load(x + i)), r1 = f(load(x + i + vecWidth))
        store(r0, y + i)
        store(r1, y + i + vecWidth)
        i += 2 * vecWidth
    }
    if i + vecWidth <= count {
        store(f(load(x + i)), y + i)
        i += vecWidth
    }
    if i < count { storePartial(f(loadPartial(x + i, count - i)), y + i, count - i) }
}

/// Applies `f` lane-wise to `a` and `b` and writes `out` (which may alias either input).
@inline(__always)
func zipVectors(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                count: Int, _ f: (Vec, Vec) -> Vec) {
    var i = 0
    while i + 2 * vecWidth <= count {
        let r0 = f(load(a + i), load(b + i)), r1 = f(load(a + i + vecWidth), load(b + i + vecWidth))
        store(r0, out + i)
        store(r1, out + i + vecWidth)
        i += 2 * vecWidth
    }
    if i + vecWidth <= count {
        store(f(load(a + i), load(b + i)), out + i)
        i += vecWidth
    }
    if i < count {
        let n = count - i
        storePartial(f(loadPartial(a + i, n), loadPartial(b + i, n)), out + i, n)
    }
}

/// Bit pattern conversions between float and integer vectors.
@inline(__always)
func bits(_ v: Vec) -> SIMD8<UInt32> { unsafeBitCast(v, to: SIMD8<UInt32>.self) }

/// Float vector from its bit pattern.
@inline(__always)
func floats(_ v: SIMD8<UInt32>) -> Vec { unsafeBitCast(v, to: Vec.self) }

/// Mask of the lanes that are NaN.
@inline(__always)
func nanMask(_ v: Vec) -> SIMDMask<SIMD8<Int32>> { v .!= v }

/// `acc + a·b` lane-wise as one fused multiply-add (one rounding).
///
/// Targets without hardware FMA (x86-64 below v3) would call `fmaf` per lane, about 100 times slower: build
/// them with `-D SIMDKERNELS_NO_FMA` to get a separate multiply and add instead (two roundings).
@inline(__always)
func multiplyAdd(_ acc: Vec, _ a: Vec, _ b: Vec) -> Vec {
    #if SIMDKERNELS_NO_FMA
    return acc + a * b
    #else
    return acc.addingProduct(a, b)
    #endif
}

/// `multiplyAdd` for any float vector width (the 16-lane kernels, width-generic panels).
@inline(__always)
func multiplyAdd<V: SIMD>(_ acc: V, _ a: V, _ b: V) -> V where V.Scalar == Float {
    #if SIMDKERNELS_NO_FMA
    return acc + a * b
    #else
    return acc.addingProduct(a, b)
    #endif
}
