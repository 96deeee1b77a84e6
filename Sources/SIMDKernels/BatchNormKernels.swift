// Batch normalization over an [N, C] view of channels-last data (N = batch·height·width rows, C channels):
// per-channel statistics, the normalization, and the backward pass.
//
// Per-channel sums run in double precision over blocks of rows whose size depends only on N and C; each block is
// summed by one thread (even and odd rows in separate accumulators, so the additions do not wait on each other)
// and the blocks are added in order: results are identical for any thread count.

/// Doubles `c ..< c + 4` of a raw buffer of doubles.
@inline(__always)
func loadDoubles(_ p: UnsafeRawPointer, _ c: Int) -> SIMD4<Double> {
    p.loadUnaligned(fromByteOffset: 8 * c, as: SIMD4<Double>.self)
}

/// Stores doubles `c ..< c + 4` of a raw buffer of doubles.
@inline(__always)
func storeDoubles(_ v: SIMD4<Double>, _ p: UnsafeMutableRawPointer, _ c: Int) {
    p.storeBytes(of: v, toByteOffset: 8 * c, as: SIMD4<Double>.self)
}

/// Channels rounded up to whole vectors of 8.
@inline(__always)
func paddedChannels(_ channels: Int) -> Int { (channels + 7) & ~7 }

/// Per-channel sums in double over the rows of two `[rows, channels]` matrices a and b:
/// `sums[c] = Σ_r (a[r, c] − aShift[c])` and `sums[C8 + c] = Σ_r (a[r, c] − aShift[c])·(b[r, c] − bShift[c])`,
/// with `C8 = paddedChannels(channels)`; the shifts are `C8` doubles (zero past `channels`), `sums` holds `2·C8`.
func channelMoments(_ a: UnsafePointer<Float>, aShift: UnsafeRawPointer, _ b: UnsafePointer<Float>,
                    bShift: UnsafeRawPointer, rows: Int, channels: Int, sums: UnsafeMutableRawPointer) {
    let c8 = paddedChannels(channels)
    // Blocks of about 32K floats (128 KiB, in L2 while each 8-channel column of it is swept).
    let blockRows = max(2, 32_768 / c8 & ~1)
    let blocks = (rows + blockRows - 1) / blockRows
    let partialScratch = ScratchPool.shared.take(16 * c8 * max(blocks, 1) + 64)
    defer { ScratchPool.shared.give(partialScratch) }
    let partials = partialScratch.pointer
    let threads = rows * channels >= parallelLightCount ? KernelThreads.count : 1
    parallelChunks(blocks, threads: threads) { block in
        let start = block * blockRows, end = min(start + blockRows, rows)
        let first = partials + 16 * c8 * block, second = first + 8 * c8
        var c = 0
        while c < channels {
            // Eight channels down the block's rows, even and odd rows in separate registers.
            let n = min(vecWidth, channels - c)
            let aShift0 = loadDoubles(aShift, c), aShift1 = loadDoubles(aShift, c + 4)
            let bShift0 = loadDoubles(bShift, c), bShift1 = loadDoubles(bShift, c + 4)
            var even = (SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>(), SIMD4<Double>()), odd = even
            @inline(__always)
            func accumulate(_ sums: inout (SIMD4<Double>, SIMD4<Double>, SIMD4<Double>, SIMD4<Double>), _ r: Int) {
                let va = loadLanes(a + r * channels + c, n), vb = loadLanes(b + r * channels + c, n)
                let a0 = SIMD4<Double>(va.lowHalf) - aShift0, a1 = SIMD4<Double>(va.highHalf) - aShift1
                let b0 = SIMD4<Double>(vb.lowHalf) - bShift0, b1 = SIMD4<Double>(vb.highHalf) - bShift1
                sums.0 += a0
                sums.1 += a1
                sums.2 = sums.2.addingProduct(a0, b0)
                sums.3 = sums.3.addingProduct(a1, b1)
            }
            var r = start
            while r + 2 <= end {
                accumulate(&even, r)
                accumulate(&odd, r + 1)
                r += 2
            }
            if r < end { accumulate(&even, r) }
            storeDoubles(even.0 + odd.0, first, c)
            storeDoubles(even.1 + odd.1, first, c + 4)
            storeDoubles(even.2 + odd.2, second, c)
            storeDoubles(even.3 + odd.3, second, c + 4)
            c += vecWidth
        }
    }
    for c in stride(from: 0, to: 2 * c8, by: 4) {
        var total = SIMD4<Double>()
        for block in 0..<blocks { total += loadDoubles(partials + 16 * c8 * block, c) }
        storeDoubles(total, sums, c)
    }
}

/// Per-channel mean and biased variance (divided by N) of a `[rows, channels]` matrix, as batch normalization
/// computes them in training.
///
/// Sums run in double around a shift (the first row), `mean = K + Σ(x − K)/N`, `var = Σ(x − K)²/N − (Σ(x − K)/N)²`,
/// so the variance keeps its accuracy when the mean is large; deterministic for any thread count.
/// - Parameters:
///   - x: Input, `rows × channels`.
///   - rows: N, the rows (batch·height·width); for 0, mean and variance are NaN.
///   - channels: C.
///   - mean: Output, `channels` floats.
///   - variance: Output, `channels` floats.
public func batchNormStatistics(x: UnsafePointer<Float>, rows: Int, channels: Int, mean: UnsafeMutablePointer<Float>,
                                variance: UnsafeMutablePointer<Float>) {
    guard channels > 0 else { return }
    let c8 = paddedChannels(channels)
    let scratch = ScratchPool.shared.take(24 * c8 + 64)
    defer { ScratchPool.shared.give(scratch) }
    let shift = scratch.pointer, sums = scratch.pointer + 8 * c8
    for c in 0..<c8 { shift.storeBytes(of: c < channels && rows > 0 ? Double(x[c]) : 0, toByteOffset: 8 * c, as: Double.self) }
    channelMoments(x, aShift: shift, x, bShift: shift, rows: rows, channels: channels, sums: sums)
    let count = Double(rows)
    for c in 0..<channels {
        let first = sums.load(fromByteOffset: 8 * c, as: Double.self) / count
        let second = sums.load(fromByteOffset: 8 * (c8 + c), as: Double.self) / count
        mean[c] = Float(shift.load(fromByteOffset: 8 * c, as: Double.self) + first)
        variance[c] = Float(max(second - first * first, 0))
    }
}

/// Batch normalization: `y = gamma·(x − mean)/√(var + ε) + beta`, per channel, as Keras computes it:
/// `s = gamma/√(var + ε)`, `y = x·s + (beta − mean·s)` (one fused multiply-add per element).
///
/// Use the batch's statistics in training and the moving ones in inference.
/// - Parameters:
///   - x: Input, `rows × channels`.
///   - rows: N, the rows (batch·height·width).
///   - channels: C.
///   - mean: Per-channel mean, `channels` floats.
///   - variance: Per-channel variance, `channels` floats.
///   - gamma: Scale, `channels` floats, or nil for 1.
///   - beta: Offset, `channels` floats, or nil for 0.
///   - epsilon: ε, added to the variance.
///   - y: Output, `rows × channels` (may alias `x`).
public func batchNormForward(x: UnsafePointer<Float>, rows: Int, channels: Int, mean: UnsafePointer<Float>,
                             variance: UnsafePointer<Float>, gamma: UnsafePointer<Float>?, beta: UnsafePointer<Float>?,
                             epsilon: Float, y: UnsafeMutablePointer<Float>) {
    guard channels > 0, rows > 0 else { return }
    let c8 = paddedChannels(channels)
    let scratch = ScratchPool.shared.take(8 * c8 + 64)
    defer { ScratchPool.shared.give(scratch) }
    let scale = scratch.pointer.bindMemory(to: Float.self, capacity: 2 * c8), offset = scale + c8
    for c in 0..<c8 {
        guard c < channels else { scale[c] = 0; offset[c] = 0; continue }
        scale[c] = 1 / (variance[c] + epsilon).squareRoot() * (gamma?[c] ?? 1)
        offset[c] = (beta?[c] ?? 0) - mean[c] * scale[c]
    }
    forEachRowRange(rows, work: rows * channels) { start, end in
        for r in start..<end {
            var c = 0
            while c < channels {
                let n = min(vecWidth, channels - c)
                let v = multiplyAdd(load(offset + c), loadLanes(x + r * channels + c, n), load(scale + c))
                storeLanes(v, y + r * channels + c, n)
                c += vecWidth
            }
        }
    }
}

/// Batch normalization backward pass, for `y = gamma·x̂ + beta` with `x̂ = (x − mean)/√(var + ε)`:
/// `dbeta = Σ dy`, `dgamma = Σ dy·x̂` (sums over the rows, in double), and
/// in training (mean and var are the batch's): `dx = gamma/√(var + ε)·(dy − mean(dy) − x̂·mean(dy·x̂))`;
/// in inference (moving statistics, constants): `dx = gamma/√(var + ε)·dy`.
///
/// - Parameters:
///   - x: The forward input, `rows × channels`.
///   - dy: Gradient with respect to the output, `rows × channels`.
///   - rows: N, the rows (batch·height·width).
///   - channels: C.
///   - mean: The mean used in the forward pass, `channels` floats.
///   - variance: The variance used in the forward pass, `channels` floats.
///   - gamma: Scale, `channels` floats, or nil for 1.
///   - epsilon: ε.
///   - training: Whether mean and variance were the batch's own statistics (so they depend on x).
///   - dx: Gradient with respect to x, `rows × channels` (write-only, may alias `dy`), or nil.
///   - dGamma: Gradient with respect to gamma, `channels` floats (write-only), or nil.
///   - dBeta: Gradient with respect to beta, `channels` floats (write-only), or nil.
public func batchNormBackward(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, rows: Int, channels: Int,
                              mean: UnsafePointer<Float>, variance: UnsafePointer<Float>, gamma: UnsafePointer<Float>?,
                              epsilon: Float, training: Bool, dx: UnsafeMutablePointer<Float>?,
                              dGamma: UnsafeMutablePointer<Float>?, dBeta: UnsafeMutablePointer<Float>?) {
    guard channels > 0 else { return }
    let c8 = paddedChannels(channels)
    let scratch = ScratchPool.shared.take(48 * c8 + 64)
    defer { ScratchPool.shared.give(scratch) }
    let zero = scratch.pointer, shift = zero + 8 * c8, sums = shift + 8 * c8
    let coefficients = (sums + 16 * c8).bindMemory(to: Float.self, capacity: 4 * c8)
    for c in 0..<c8 {
        zero.storeBytes(of: 0.0, toByteOffset: 8 * c, as: Double.self)
        shift.storeBytes(of: c < channels ? Double(mean[c]) : 0, toByteOffset: 8 * c, as: Double.self)
    }
    if training || dGamma != nil || dBeta != nil {
        channelMoments(dy, aShift: zero, x, bShift: shift, rows: rows, channels: channels, sums: sums)
    }
    // dx = a·(dy − m) − e·(x − mean) with a = gamma·inv, m = mean(dy), e = a·inv²·mean(dy·(x − mean)).
    let a = coefficients, m = a + c8, e = m + c8, center = e + c8
    let count = Double(max(rows, 1))
    for c in 0..<c8 {
        guard c < channels else { a[c] = 0; m[c] = 0; e[c] = 0; center[c] = 0; continue }
        let inv = 1 / (variance[c] + epsilon).squareRoot()
        let sumDy = sums.load(fromByteOffset: 8 * c, as: Double.self)
        let sumDyX = sums.load(fromByteOffset: 8 * (c8 + c), as: Double.self)
        dBeta?[c] = Float(sumDy)
        dGamma?[c] = Float(Double(inv) * sumDyX)
        let scale = Double(inv) * Double(gamma?[c] ?? 1)
        a[c] = Float(scale)
        m[c] = training ? Float(sumDy / count) : 0
        e[c] = training ? Float(scale * Double(inv) * Double(inv) * sumDyX / count) : 0
        center[c] = mean[c]
    }
    guard let dx, rows > 0 else { return }
    forEachRowRange(rows, work: rows * channels) { start, end in
        for r in start..<end {
            var c = 0
            while c < channels {
                let n = min(vecWidth, channels - c)
                let g = loadLanes(dy + r * channels + c, n), v = loadLanes(x + r * channels + c, n)
                let result = multiplyAdd(load(a + c) * (g - load(m + c)), -load(e + c), v - load(center + c))
                storeLanes(result, dx + r * channels + c, n)
                c += vecWidth
            }
        }
    }
}
