// Max and average pooling over NHWC images (Keras's MaxPooling2D and AveragePooling2D), forward and backward.
//
// The channels of a cell are contiguous, so every loop runs over 8 channels at a time. Forward passes split the
// output rows over the threads (each output element is computed alone); backward passes scatter into the input
// gradient, so they split by image and add each image's contributions in output order, a fixed order whatever the
// thread count.

/// Loads channels `c ..< c + n` (n ≤ 8) of a cell; lanes past `n` hold `fill`.
@inline(__always)
func loadLanes(_ p: UnsafePointer<Float>, _ n: Int, fill: Float = 0) -> Vec {
    n == vecWidth ? load(p) : loadPartial(p, n, fill: fill)
}

/// Stores the first `n` (≤ 8) lanes of `v`.
@inline(__always)
func storeLanes(_ v: Vec, _ p: UnsafeMutablePointer<Float>, _ n: Int) {
    if n == vecWidth { store(v, p) } else { storePartial(v, p, n) }
}

/// Lanes where `v` replaces the running maximum `best`: larger, or the first NaN (a NaN maximum propagates).
@inline(__always)
func replacesMaximum(_ v: Vec, _ best: Vec) -> SIMDMask<SIMD8<Int32>> {
    (v .> best) .| (nanMask(v) .& .!nanMask(best))
}

/// MaxPooling2D forward: `y[b, i, j, c] = max` of x over the window's cells inside the image.
///
/// Padding cells never take part, so an all-negative window gives its negative maximum; a window with no cell
/// inside the image (possible only with explicit padding wider than the pool) gives −∞ and index −1. NaN wins.
/// - Parameters:
///   - g: The sizes.
///   - x: Input, `[batch, height, width, channels]`.
///   - y: Output, `[batch, outHeight, outWidth, channels]` (write-only).
///   - argmax: Optional output of the same shape as `y`: the spatial index `h·width + w` within the image of the
///     first maximum of each window in row-major order (upper row first, then left column), for the backward pass.
public func maxPool2DForward(_ g: Pool2DGeometry, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>,
                             argmax: UnsafeMutablePointer<Int32>?) {
    let work = g.batch * g.outHeight * g.outWidth * g.channels * g.poolHeight * g.poolWidth
    forEachRowRange(g.batch * g.outHeight, work: work) { start, end in
        for row in start..<end { maxPoolRow(g, x, y, argmax, row: row) }
    }
}

/// One output row `row = b·outHeight + i` of `maxPool2DForward`.
@inline(__always)
func maxPoolRow(_ g: Pool2DGeometry, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                _ argmax: UnsafeMutablePointer<Int32>?, row: Int) {
    let channels = g.channels
    let b = row / g.outHeight, (top, bottom) = g.rows(row % g.outHeight)
    let image = x + b * g.height * g.width * channels
    for j in 0..<g.outWidth {
        let (left, right) = g.columns(j)
        let out = (row * g.outWidth + j) * channels
        var c = 0
        while c < channels {
            let n = min(vecWidth, channels - c)
            var best = Vec(repeating: -.infinity), index = SIMD8<Int32>(repeating: -1)
            if top < bottom && left < right {
                best = loadLanes(image + (top * g.width + left) * channels + c, n)
                index = SIMD8<Int32>(repeating: Int32(top * g.width + left))
                for h in top..<bottom {
                    for w in left..<right where h != top || w != left {
                        let v = loadLanes(image + (h * g.width + w) * channels + c, n)
                        let take = replacesMaximum(v, best)
                        best = best.replacing(with: v, where: take)
                        index = index.replacing(with: SIMD8<Int32>(repeating: Int32(h * g.width + w)), where: take)
                    }
                }
            }
            storeLanes(best, y + out + c, n)
            if let argmax {
                if n == vecWidth {
                    UnsafeMutableRawPointer(argmax + out + c).storeBytes(of: index, as: SIMD8<Int32>.self)
                } else {
                    for lane in 0..<n { argmax[out + c + lane] = index[lane] }
                }
            }
            c += n
        }
    }
}

/// MaxPooling2D backward: each window's `dy` goes whole to the cell recorded in `argmax` (its first maximum);
/// where windows overlap, the contributions add, in output order.
///
/// - Parameters:
///   - g: The sizes.
///   - dy: Gradient with respect to the output, `[batch, outHeight, outWidth, channels]`.
///   - argmax: The indices recorded by `maxPool2DForward` (−1 entries are skipped).
///   - dx: Gradient with respect to the input, `[batch, height, width, channels]` (write-only).
public func maxPool2DBackward(_ g: Pool2DGeometry, dy: UnsafePointer<Float>, argmax: UnsafePointer<Int32>,
                              dx: UnsafeMutablePointer<Float>) {
    let channels = g.channels, imageSize = g.height * g.width * channels
    let outputSize = g.outHeight * g.outWidth * channels
    forEachImage(g.batch, work: g.batch * (imageSize + outputSize)) { b in
        let image = dx + b * imageSize
        image.update(repeating: 0, count: imageSize)
        let gradient = dy + b * outputSize, index = argmax + b * outputSize
        for pixel in 0..<g.outHeight * g.outWidth {
            let base = pixel * channels
            for c in 0..<channels {
                let cell = Int(index[base + c])
                if cell >= 0 { image[cell * channels + c] += gradient[base + c] }
            }
        }
    }
}

/// AveragePooling2D forward: `y[b, i, j, c]` = the mean of x over the window's cells inside the image.
///
/// With `same` padding a border window divides by its number of real cells, not by the pool size (as Keras);
/// the cells are summed in row-major order and the sum divided by the count. An empty window gives 0.
/// - Parameters:
///   - g: The sizes.
///   - x: Input, `[batch, height, width, channels]`.
///   - y: Output, `[batch, outHeight, outWidth, channels]` (write-only).
public func averagePool2DForward(_ g: Pool2DGeometry, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    let work = g.batch * g.outHeight * g.outWidth * g.channels * g.poolHeight * g.poolWidth
    forEachRowRange(g.batch * g.outHeight, work: work) { start, end in
        for row in start..<end { averagePoolRow(g, x, y, row: row) }
    }
}

/// One output row `row = b·outHeight + i` of `averagePool2DForward`.
@inline(__always)
func averagePoolRow(_ g: Pool2DGeometry, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, row: Int) {
    let channels = g.channels
    let b = row / g.outHeight, (top, bottom) = g.rows(row % g.outHeight)
    let image = x + b * g.height * g.width * channels
    for j in 0..<g.outWidth {
        let (left, right) = g.columns(j)
        let count = Vec(repeating: Float(max(bottom - top, 0) * max(right - left, 0)))
        let out = y + (row * g.outWidth + j) * channels
        var c = 0
        while c < channels {
            let n = min(vecWidth, channels - c)
            var total = Vec()
            for h in top..<max(top, bottom) {
                for w in left..<max(left, right) { total += loadLanes(image + (h * g.width + w) * channels + c, n) }
            }
            storeLanes(total.replacing(with: total / count, where: count .> 0), out + c, n)
            c += n
        }
    }
}

/// AveragePooling2D backward: each window's `dy / count` is added to every real cell of the window (count: the
/// window's cells inside the image), in output order.
///
/// - Parameters:
///   - g: The sizes.
///   - dy: Gradient with respect to the output, `[batch, outHeight, outWidth, channels]`.
///   - dx: Gradient with respect to the input, `[batch, height, width, channels]` (write-only).
public func averagePool2DBackward(_ g: Pool2DGeometry, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
    let channels = g.channels, imageSize = g.height * g.width * channels
    let outputSize = g.outHeight * g.outWidth * channels
    forEachImage(g.batch, work: g.batch * (imageSize + outputSize * g.poolHeight * g.poolWidth)) { b in
        let image = dx + b * imageSize
        image.update(repeating: 0, count: imageSize)
        for i in 0..<g.outHeight {
            let (top, bottom) = g.rows(i)
            for j in 0..<g.outWidth {
                let (left, right) = g.columns(j)
                guard top < bottom && left < right else { continue }
                let count = Vec(repeating: Float((bottom - top) * (right - left)))
                let gradient = dy + b * outputSize + (i * g.outWidth + j) * channels
                var c = 0
                while c < channels {
                    let n = min(vecWidth, channels - c)
                    let share = loadLanes(gradient + c, n) / count
                    for h in top..<bottom {
                        for w in left..<right {
                            let cell = image + (h * g.width + w) * channels + c
                            storeLanes(loadLanes(cell, n) + share, cell, n)
                        }
                    }
                    c += n
                }
            }
        }
    }
}
