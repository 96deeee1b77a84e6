// 2-D convolution over NHWC images as matrix products on im2col blocks: the forward pass, the input gradient
// (col2im of dy·Kᵀ) and the kernel and bias gradients (im2col(x)ᵀ·dy, column sums of dy).
//
// With the kernel viewed as a `[patchSize, outChannels]` matrix K and X = im2col(x) (`[outputPixels, patchSize]`):
//   y = act(X·K + bias),  dx = col2im(dy·Kᵀ),  dK = Xᵀ·dy,  dbias = Σ_rows dy.
// X is never built whole: each thread builds a block of its rows (at most about 128 KiB) and multiplies it
// while it is in cache. A 1×1, stride-1, unpadded convolution is the plain product, without im2col.
//
// Measured (`KernelBenchmark --convolutions`, mnist_convnet at batch 128, the 2-core EPYC shared with other jobs, so
// ranges over sittings): 13×13×32 → 11×11×64 forward 55-76 GFLOP/s on one thread and up to 121 on two, input
// gradient 52-56 and 103, kernel gradient 48-65 and 97, where sgemm on a ready im2col matrix of the same shape
// reaches 26-34 (NN), 50-56 (NT) and 38-48 (TN) on one thread. The 28×28×1 → 26×26×32 layer (k = 9) is bound by
// memory: forward 12-18 and up to 38, kernel gradient 11-24 and up to 26.

/// Rows of X built and multiplied at a time: about 32K floats, at least one row block of the product.
func im2colChunkRows(patch: Int) -> Int {
    let rows = 32_768 / max(patch, 1) / tileRows * tileRows
    return min(max(rows, maxRowBlock), 8 * maxRowBlock)
}

/// Rows of X per product in the kernel gradient: one full k block of `gemm` (the product's inner dimension).
let kernelGradientChunkRows = maxKBlock

/// Conv2D forward pass: `y = act(im2col(x)·kernel + bias)`.
///
/// `y[b, i, j, o] = act(bias[o] + Σ_{p,q,c} x[b, i·sH + p − padTop, j·sW + q − padLeft, c]·kernel[p, q, c, o])`.
/// Each output element is one product row computed as `sgemm` computes it, whatever the thread count.
/// - Parameters:
///   - g: The sizes.
///   - x: Input images, `[batch, height, width, inChannels]`.
///   - kernel: Kernel, `[kernelHeight, kernelWidth, inChannels, outChannels]`.
///   - bias: Bias, `outChannels` floats, or nil.
///   - activation: Activation applied last.
///   - y: Output, `[batch, outHeight, outWidth, outChannels]` (write-only).
public func conv2DForward(_ g: Conv2DGeometry, x: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                          bias: UnsafePointer<Float>?, activation: KernelActivation = .linear,
                          y: UnsafeMutablePointer<Float>) {
    let m = g.outputPixels, n = g.outChannels, k = g.patchSize
    guard m > 0, n > 0 else { return }
    if g.isPointwise || k == 0 {
        denseForward(m: m, n: n, k: k, x: x, w: kernel, bias: bias, activation: activation, y: y)
        return
    }
    let rowsPerChunk = im2colChunkRows(patch: k)
    let packedScratch = ScratchPool.shared.take(4 * PackedB.floatCount(k: k, n: n) + 64)
    defer { ScratchPool.shared.give(packedScratch) }
    let packed = PackedB(kernel, ldb: n, transposed: false, k: k, n: n,
                         into: packedScratch.pointer.bindMemory(to: Float.self, capacity: packedScratch.bytes / 4))
    let tileFloats = edgeTileFloats
    parallelChunksWithScratch((m + rowsPerChunk - 1) / rowsPerChunk, threads: threadsFor(flops: g.flops),
                              floatsPerWorker: tileFloats + rowsPerChunk * k) { chunk, scratch in
        let first = chunk * rowsPerChunk, rows = min(rowsPerChunk, m - first)
        let columns = scratch + tileFloats
        im2col(g, x, firstRow: first, rows: rows, columns)
        packed.multiply(columns, lda: k, rows: rows, y + first * n, ldc: n, bias: bias, activation: activation,
                        tile: scratch)
    }
}

/// Conv2D input gradient: `dx = col2im(dy·kernelᵀ)`.
///
/// `dx[b, h, w, c] = Σ dy[b, i, j, o]·kernel[p, q, c, o]` over the output pixels (i, j) whose window covers
/// (h, w) at kernel cell (p, q). Work is split by image; within an image, contributions are added in output-pixel
/// order, so each element is summed in the same order for any thread count.
/// - Parameters:
///   - g: The sizes.
///   - dy: Gradient with respect to the output, `[batch, outHeight, outWidth, outChannels]`.
///   - kernel: Kernel, `[kernelHeight, kernelWidth, inChannels, outChannels]`.
///   - dx: Gradient with respect to the input, `[batch, height, width, inChannels]` (write-only).
public func conv2DInputGradient(_ g: Conv2DGeometry, dy: UnsafePointer<Float>, kernel: UnsafePointer<Float>,
                                dx: UnsafeMutablePointer<Float>) {
    let n = g.outChannels, k = g.patchSize, pixels = g.outHeight * g.outWidth
    let imageSize = g.height * g.width * g.inChannels
    guard g.batch > 0, imageSize > 0 else { return }
    if g.isPointwise {
        sgemm(transposeA: false, transposeB: true, m: g.outputPixels, n: k, k: n, alpha: 1, a: dy, lda: n,
              b: kernel, ldb: n, beta: 0, c: dx, ldc: k)
        return
    }
    guard n > 0, pixels > 0 else {
        dx.update(repeating: 0, count: g.batch * imageSize)
        return
    }
    let rowsPerChunk = min(im2colChunkRows(patch: k), pixels)
    let packedScratch = ScratchPool.shared.take(4 * PackedB.floatCount(k: n, n: k) + 64)
    defer { ScratchPool.shared.give(packedScratch) }
    let packed = PackedB(kernel, ldb: n, transposed: true, k: n, n: k,
                         into: packedScratch.pointer.bindMemory(to: Float.self, capacity: packedScratch.bytes / 4))
    let tileFloats = edgeTileFloats
    parallelChunksWithScratch(g.batch, threads: threadsFor(flops: g.flops),
                              floatsPerWorker: tileFloats + rowsPerChunk * k) { image, scratch in
        let columns = scratch + tileFloats
        (dx + image * imageSize).update(repeating: 0, count: imageSize)
        var first = image * pixels
        let end = first + pixels
        while first < end {
            let rows = min(rowsPerChunk, end - first)
            packed.multiply(dy + first * n, lda: n, rows: rows, columns, ldc: k, bias: nil, activation: .linear,
                            tile: scratch)
            col2imAdd(g, columns, firstRow: first, rows: rows, dx)
            first += rows
        }
    }
}

/// Conv2D kernel and bias gradients: `dKernel (+)= im2col(x)ᵀ·dy`, `dBias (+)= Σ_rows dy`.
///
/// The `outputPixels` rows are cut into a number of parts that depends only on the sizes; each part's sums are
/// computed by one thread, and the parts are added in order, so results are identical for any thread count.
/// - Parameters:
///   - g: The sizes.
///   - x: Input images, `[batch, height, width, inChannels]`.
///   - dy: Gradient with respect to the output, `[batch, outHeight, outWidth, outChannels]`.
///   - dKernel: Kernel gradient, `[kernelHeight, kernelWidth, inChannels, outChannels]`.
///   - dBias: Bias gradient, `outChannels` floats, or nil.
///   - accumulate: Add to `dKernel` and `dBias` instead of overwriting them.
public func conv2DKernelGradient(_ g: Conv2DGeometry, x: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                 dKernel: UnsafeMutablePointer<Float>, dBias: UnsafeMutablePointer<Float>?,
                                 accumulate: Bool) {
    let m = g.outputPixels, n = g.outChannels, k = g.patchSize
    guard n > 0 else { return }
    guard m > 0 else {
        if !accumulate {
            dKernel.update(repeating: 0, count: k * n)
            dBias?.update(repeating: 0, count: n)
        }
        return
    }
    let pointwise = g.isPointwise, chunkRows = kernelGradientChunkRows
    /// `Xᵀ·dy` over rows `first ..< first + rows` into `c`: overwrite (beta 0) or add (beta 1). With `withBias`, X
    /// gets a column of ones, so the product's row k (written after the k rows of the kernel) is `Σ_rows dy`.
    func product(first: Int, rows: Int, columns: UnsafeMutablePointer<Float>, c: UnsafeMutablePointer<Float>,
                 beta: Float, threaded: Bool, withBias: Bool = false) {
        let a: UnsafePointer<Float>
        if pointwise {
            a = x + first * k
        } else {
            im2col(g, x, firstRow: first, rows: rows, columns, rowStride: k + 1, onesColumn: withBias)
            a = UnsafePointer(columns)
        }
        let m = withBias ? k + 1 : k
        let operands = GemmOperands(transposeA: true, transposeB: false, m: m, n: n, k: rows, a: a,
                                    lda: pointwise ? k : k + 1, b: dy + first * n, ldb: n, c: c, ldc: n)
        let epilogue = GemmEpilogue(alpha: 1, beta: beta, bias: nil, activation: .linear)
        if threaded { gemm(operands, epilogue) } else { gemmBlock(operands, epilogue, rows: 0..<m, cols: 0..<n) }
    }
    let parts = kernelGradientParts(g)
    let columnsFloats = pointwise ? 0 : chunkRows * (k + 1)
    if parts == 1 {
        // One part: its products are split over the threads by `gemm` itself.
        let scratch = ScratchPool.shared.take(4 * columnsFloats + 64)
        defer { ScratchPool.shared.give(scratch) }
        let columns = scratch.pointer.bindMemory(to: Float.self, capacity: scratch.bytes / 4)
        var first = 0
        while first < m {
            let rows = min(chunkRows, m - first)
            product(first: first, rows: rows, columns: columns, c: dKernel, beta: first == 0 && !accumulate ? 0 : 1,
                    threaded: true)
            first += rows
        }
        if let dBias { columnSums(dy, rows: m, cols: n, dBias, accumulate: accumulate) }
        return
    }
    let partStride = (k * n + n + 15) & ~15
    let partialScratch = ScratchPool.shared.take(4 * parts * partStride + 64)
    defer { ScratchPool.shared.give(partialScratch) }
    let partials = partialScratch.pointer.bindMemory(to: Float.self, capacity: partialScratch.bytes / 4)
    // Each part's partial sums: the kernel's k × n, then the bias's n (from the ones column of im2col, else summed).
    let biasByProduct = dBias != nil && !pointwise
    parallelChunksWithScratch(parts, threads: threadsFor(flops: g.flops), floatsPerWorker: columnsFloats) { part, columns in
        let start = m * part / parts, end = m * (part + 1) / parts
        let partial = partials + part * partStride
        var first = start
        while first < end {
            let rows = min(chunkRows, end - first)
            product(first: first, rows: rows, columns: columns, c: partial, beta: first == start ? 0 : 1, threaded: false,
                    withBias: biasByProduct)
            first += rows
        }
        if dBias != nil && !biasByProduct {
            columnSums(dy + start * n, rows: end - start, cols: n, partial + k * n, accumulate: false)
        }
    }
    addParts(partials, parts: parts, stride: partStride, count: k * n, into: dKernel, accumulate: accumulate)
    if let dBias {
        addParts(partials + k * n, parts: parts, stride: partStride, count: n, into: dBias, accumulate: accumulate)
    }
}

/// Parts of the kernel gradient's rows: about 2 MFLOP each, at least one chunk of rows each, at most 16, and
/// at most 4 MiB of partial sums; a function of the sizes only, never of the thread count.
func kernelGradientParts(_ g: Conv2DGeometry) -> Int {
    let partialFloats = g.patchSize * g.outChannels + g.outChannels
    return max(1, min(16, g.flops >> 21, (1 << 20) / max(partialFloats, 1), g.outputPixels / kernelGradientChunkRows))
}

/// `out (+)= part₀ + part₁ + …`, added in part order, for `count` floats of `parts` buffers `stride` apart.
func addParts(_ partials: UnsafePointer<Float>, parts: Int, stride: Int, count: Int, into out: UnsafeMutablePointer<Float>,
              accumulate: Bool) {
    forEachRange(count, minimumParallelCount: parallelLightCount) { start, length in
        let out = out + start
        if accumulate {
            addFloats(partials + start, out, length)
        } else {
            copyFloats(partials + start, out, length)
        }
        for part in 1..<parts { addFloats(partials + part * stride + start, out, length) }
    }
}
