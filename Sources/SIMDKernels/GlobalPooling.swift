// Global average and global max pooling over the spatial axes of NHWC images (Keras's GlobalAveragePooling2D and
// GlobalMaxPooling2D), forward and backward. Each image is viewed as a `[height·width, channels]` matrix and
// handled by one thread.

/// GlobalAveragePooling2D forward: `y[b, c] = (Σ_{h,w} x[b, h, w, c]) / (height·width)`, summed in pixel order.
///
/// - Parameters:
///   - x: Input, `[batch, height, width, channels]`.
///   - batch: Images.
///   - height: Rows per image.
///   - width: Columns per image.
///   - channels: Channels per cell.
///   - y: Output, `[batch, channels]` (write-only; NaN for empty images, as a mean of nothing).
public func globalAveragePool2DForward(x: UnsafePointer<Float>, batch: Int, height: Int, width: Int, channels: Int,
                                       y: UnsafeMutablePointer<Float>) {
    let pixels = height * width
    guard channels > 0 else { return }
    let count = Vec(repeating: Float(pixels))
    forEachImage(batch, work: batch * pixels * channels) { b in
        let out = y + b * channels
        columnSums(x + b * pixels * channels, rows: pixels, cols: channels, out, accumulate: false)
        var c = 0
        while c < channels {
            let n = min(vecWidth, channels - c)
            storeLanes(loadLanes(out + c, n) / count, out + c, n)
            c += n
        }
    }
}

/// GlobalAveragePooling2D backward: `dx[b, h, w, c] = dy[b, c] / (height·width)`.
///
/// - Parameters:
///   - dy: Gradient with respect to the output, `[batch, channels]`.
///   - batch: Images.
///   - height: Rows per image.
///   - width: Columns per image.
///   - channels: Channels per cell.
///   - dx: Gradient with respect to the input, `[batch, height, width, channels]` (write-only).
public func globalAveragePool2DBackward(dy: UnsafePointer<Float>, batch: Int, height: Int, width: Int, channels: Int,
                                        dx: UnsafeMutablePointer<Float>) {
    let pixels = height * width
    guard channels > 0, pixels > 0 else { return }
    let count = Vec(repeating: Float(pixels))
    forEachImage(batch, work: batch * pixels * channels) { b in
        var c = 0
        while c < channels {
            let n = min(vecWidth, channels - c)
            let share = loadLanes(dy + b * channels + c, n) / count
            var cell = dx + b * pixels * channels + c
            for _ in 0..<pixels {
                storeLanes(share, cell, n)
                cell += channels
            }
            c += n
        }
    }
}

/// GlobalMaxPooling2D forward: `y[b, c] = max_{h,w} x[b, h, w, c]` (NaN if any cell is NaN; −∞ for empty images).
///
/// - Parameters:
///   - x: Input, `[batch, height, width, channels]`.
///   - batch: Images.
///   - height: Rows per image.
///   - width: Columns per image.
///   - channels: Channels per cell.
///   - y: Output, `[batch, channels]` (write-only).
public func globalMaxPool2DForward(x: UnsafePointer<Float>, batch: Int, height: Int, width: Int, channels: Int,
                                   y: UnsafeMutablePointer<Float>) {
    let pixels = height * width
    guard channels > 0 else { return }
    forEachImage(batch, work: batch * pixels * channels) { b in
        var c = 0
        while c < channels {
            let n = min(vecWidth, channels - c)
            // Two running maxima over alternate pixels, merged at the end (the maximum is exact in any order).
            var best0 = Vec(repeating: -.infinity), best1 = best0
            var cell = x + b * pixels * channels + c
            var pixel = 0
            while pixel + 2 <= pixels {
                let v0 = loadLanes(cell, n), v1 = loadLanes(cell + channels, n)
                best0 = best0.replacing(with: v0, where: replacesMaximum(v0, best0))
                best1 = best1.replacing(with: v1, where: replacesMaximum(v1, best1))
                cell += 2 * channels
                pixel += 2
            }
            if pixel < pixels {
                let v = loadLanes(cell, n)
                best0 = best0.replacing(with: v, where: replacesMaximum(v, best0))
            }
            storeLanes(best0.replacing(with: best1, where: replacesMaximum(best1, best0)), y + b * channels + c, n)
            c += n
        }
    }
}

/// GlobalMaxPooling2D backward, as Keras's `reduce_max`: `dy[b, c]` is shared equally among all cells equal to
/// the maximum, `dx = dy / ties` there and 0 elsewhere (no cell gets any when the maximum is NaN).
///
/// - Parameters:
///   - x: The forward input, `[batch, height, width, channels]`.
///   - y: The forward output, `[batch, channels]`.
///   - dy: Gradient with respect to the output, `[batch, channels]`.
///   - batch: Images.
///   - height: Rows per image.
///   - width: Columns per image.
///   - channels: Channels per cell.
///   - dx: Gradient with respect to the input, `[batch, height, width, channels]` (write-only).
public func globalMaxPool2DBackward(x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>,
                                    batch: Int, height: Int, width: Int, channels: Int, dx: UnsafeMutablePointer<Float>) {
    let pixels = height * width
    guard channels > 0, pixels > 0 else { return }
    forEachImage(batch, work: 2 * batch * pixels * channels) { b in
        var c = 0
        while c < channels {
            let n = min(vecWidth, channels - c)
            let best = loadLanes(y + b * channels + c, n)
            var ties = Vec()
            var cell = x + b * pixels * channels + c
            for _ in 0..<pixels {
                ties = ties.replacing(with: ties + 1, where: loadLanes(cell, n) .== best)
                cell += channels
            }
            let share = loadLanes(dy + b * channels + c, n) / ties
            cell = x + b * pixels * channels + c
            var out = dx + b * pixels * channels + c
            for _ in 0..<pixels {
                storeLanes(Vec().replacing(with: share, where: loadLanes(cell, n) .== best), out, n)
                cell += channels
                out += channels
            }
            c += n
        }
    }
}
