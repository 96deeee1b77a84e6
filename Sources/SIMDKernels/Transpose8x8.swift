// An 8×8 block transpose in registers, used to pack transposed operands.

#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// Transposes the 8×8 block at `src` (row stride `sourceStride`) into `dst` (row stride `destinationStride`):
/// `dst[j·destinationStride + i] = src[i·sourceStride + j]`.
///
/// On x86-64: 8 loads, 24 shuffles (unpack ps, unpack pd, 128-bit lane merges) and 8 stores; these intrinsics
/// are plain vector shuffles, so they also compile without AVX (as SSE pairs). Elsewhere: scalar copies.
@inline(__always)
func transpose8x8(_ src: UnsafePointer<Float>, _ sourceStride: Int, _ dst: UnsafeMutablePointer<Float>,
                  _ destinationStride: Int) {
    #if arch(x86_64)
    let s = sourceStride, d = destinationStride
    let r0 = load(src), r1 = load(src + s), r2 = load(src + 2 * s), r3 = load(src + 3 * s)
    let r4 = load(src + 4 * s), r5 = load(src + 5 * s), r6 = load(src + 6 * s), r7 = load(src + 7 * s)
    let t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1)
    let t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3)
    let t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5)
    let t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7)
    let u0 = pairsLow(t0, t2), u1 = pairsHigh(t0, t2), u2 = pairsLow(t1, t3), u3 = pairsHigh(t1, t3)
    let u4 = pairsLow(t4, t6), u5 = pairsHigh(t4, t6), u6 = pairsLow(t5, t7), u7 = pairsHigh(t5, t7)
    store(Vec(lowHalf: u0.lowHalf, highHalf: u4.lowHalf), dst)
    store(Vec(lowHalf: u1.lowHalf, highHalf: u5.lowHalf), dst + d)
    store(Vec(lowHalf: u2.lowHalf, highHalf: u6.lowHalf), dst + 2 * d)
    store(Vec(lowHalf: u3.lowHalf, highHalf: u7.lowHalf), dst + 3 * d)
    store(Vec(lowHalf: u0.highHalf, highHalf: u4.highHalf), dst + 4 * d)
    store(Vec(lowHalf: u1.highHalf, highHalf: u5.highHalf), dst + 5 * d)
    store(Vec(lowHalf: u2.highHalf, highHalf: u6.highHalf), dst + 6 * d)
    store(Vec(lowHalf: u3.highHalf, highHalf: u7.highHalf), dst + 7 * d)
    #else
    for i in 0..<8 {
        for j in 0..<8 { dst[j * destinationStride + i] = src[i * sourceStride + j] }
    }
    #endif
}

#if arch(x86_64)
/// Interleaves the even 64-bit pairs of `a` and `b` (per 128-bit lane).
@inline(__always)
func pairsLow(_ a: Vec, _ b: Vec) -> Vec {
    _mm256_castpd_ps(_mm256_unpacklo_pd(_mm256_castps_pd(a), _mm256_castps_pd(b)))
}

/// Interleaves the odd 64-bit pairs of `a` and `b` (per 128-bit lane).
@inline(__always)
func pairsHigh(_ a: Vec, _ b: Vec) -> Vec {
    _mm256_castpd_ps(_mm256_unpackhi_pd(_mm256_castps_pd(a), _mm256_castps_pd(b)))
}
#endif
