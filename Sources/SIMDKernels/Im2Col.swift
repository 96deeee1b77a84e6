// im2col and its adjoint col2im for NHWC images: the patch under each output pixel as one matrix row.
//
// Row r = (b, i, j) of the im2col matrix (row-major over batch, output rows, output columns) holds the
// `kernelHeight × kernelWidth × inChannels` input cells under output pixel (i, j) of image b, in the order of the
// kernel's rows: column `(p·kernelWidth + q)·inChannels + c` is `x[b, i·strideH + p − padTop, j·strideW + q − padLeft, c]`,
// zero outside the image. For one kernel row p the `kernelWidth·inChannels` cells are contiguous in x too, so a
// row is built from at most `kernelHeight` contiguous copies.

/// The part of one kernel row that lies inside the image: kernel columns `lower ..< upper` and the input column
/// of kernel column 0 (which may be negative).
@inline(__always)
func insideColumns(_ g: Conv2DGeometry, outputColumn j: Int) -> (lower: Int, upper: Int, firstInput: Int) {
    let first = j * g.strideW - g.padLeft
    return (max(0, -first), max(max(0, -first), min(g.kernelWidth, g.width - first)), first)
}

/// Writes rows `firstRow ..< firstRow + rows` of the im2col matrix of `x` into `out` (`rows × patchSize`, row
/// stride `rowStride`); with `onesColumn`, column `patchSize` of every row is 1 (so that a product with the matrix
/// also sums the other operand's rows).
///
/// Works along output rows: the pixels whose whole window lies inside the image (all pixels of a `valid`
/// convolution) are `kernelHeight` copies `width·inChannels` floats apart each, without any test per pixel.
func im2col(_ g: Conv2DGeometry, _ x: UnsafePointer<Float>, firstRow: Int, rows: Int, _ out: UnsafeMutablePointer<Float>,
            rowStride: Int? = nil, onesColumn: Bool = false) {
    let cin = g.inChannels, span = g.kernelWidth * cin, patch = g.patchSize, inputRow = g.width * cin
    let stride = rowStride ?? patch
    let sourceEnd = x + g.batch * g.height * inputRow, destinationEnd = out + rows * stride
    // Output columns whose window lies inside the image horizontally: interiorLower ..< interiorUpper.
    let interiorLower = (g.padLeft + g.strideW - 1) / g.strideW
    let interiorUpper = g.width + g.padLeft >= g.kernelWidth ? (g.width + g.padLeft - g.kernelWidth) / g.strideW + 1 : 0
    var position = PixelPosition(g, row: firstRow)
    var dst = out
    var remaining = rows
    while remaining > 0 {
        // Output columns j ..< j + count of output row i of image b; kernel rows p0 ..< p1 lie inside the image.
        let count = min(remaining, g.outWidth - position.j)
        let top = position.i * g.strideH - g.padTop
        let p0 = max(0, -top), p1 = max(p0, min(g.kernelHeight, g.height - top))
        let image = x + position.b * g.height * inputRow
        var j = position.j
        let end = position.j + count
        while j < end {
            let interiorEnd = min(end, interiorUpper)
            if p0 == 0 && p1 == g.kernelHeight && j >= interiorLower && j < interiorEnd {
                // Whole windows: kernelHeight runs per pixel; one vector each when a run fits one and the last
                // pixel's overrun stays inside both buffers.
                var src = image + top * inputRow + (j * g.strideW - g.padLeft) * cin
                let pixels = interiorEnd - j, step = g.strideW * cin, lastRun = (g.kernelHeight - 1) * inputRow
                if span <= vecWidth && src + (pixels - 1) * step + lastRun + vecWidth <= sourceEnd
                    && dst + (pixels - 1) * stride + (g.kernelHeight - 1) * span + vecWidth <= destinationEnd {
                    for _ in 0..<pixels {
                        var run = src, row = dst
                        for _ in 0..<g.kernelHeight {
                            store(load(run), row)
                            run += inputRow
                            row += span
                        }
                        src += step
                        dst += stride
                    }
                } else {
                    for _ in 0..<pixels {
                        var run = src, row = dst
                        for _ in 0..<g.kernelHeight {
                            copyRun(run, row, span, sourceEnd, destinationEnd)
                            run += inputRow
                            row += span
                        }
                        src += step
                        dst += stride
                    }
                }
                j = interiorEnd
                continue
            }
            let (lower, upper, first) = insideColumns(g, outputColumn: j)
            for p in 0..<g.kernelHeight {
                let row = dst + p * span
                guard p >= p0 && p < p1 && lower < upper else {
                    zeroFloats(row, span)
                    continue
                }
                if lower > 0 { zeroFloats(row, lower * cin) }
                copyRun(image + (top + p) * inputRow + (first + lower) * cin, row + lower * cin,
                        (upper - lower) * cin, sourceEnd, destinationEnd)
                if upper < g.kernelWidth { zeroFloats(row + upper * cin, (g.kernelWidth - upper) * cin) }
            }
            dst += stride
            j += 1
        }
        position.advance(g, by: count)
        remaining -= count
    }
    // After the copies, whose vector overrun may reach into this column.
    if onesColumn { for r in 0..<rows { out[r * stride + patch] = 1 } }
}

/// Adds rows `firstRow ..< firstRow + rows` of an im2col-shaped matrix `columns` (`rows × patchSize`) into the
/// image gradient `dx` at the cells they came from, dropping padding cells. Rows are added in order, and within
/// a row kernel row by kernel row, so each `dx` element is summed in a fixed order.
func col2imAdd(_ g: Conv2DGeometry, _ columns: UnsafePointer<Float>, firstRow: Int, rows: Int,
               _ dx: UnsafeMutablePointer<Float>) {
    let cin = g.inChannels, span = g.kernelWidth * cin, patch = g.patchSize, inputRow = g.width * cin
    var position = PixelPosition(g, row: firstRow)
    var src = columns
    var remaining = rows
    while remaining > 0 {
        let count = min(remaining, g.outWidth - position.j)
        let top = position.i * g.strideH - g.padTop
        let p0 = max(0, -top), p1 = max(p0, min(g.kernelHeight, g.height - top))
        let image = dx + position.b * g.height * inputRow
        for j in position.j..<(position.j + count) {
            let (lower, upper, first) = insideColumns(g, outputColumn: j)
            if lower < upper {
                for p in p0..<p1 {
                    addFloats(src + p * span + lower * cin, image + (top + p) * inputRow + (first + lower) * cin,
                              (upper - lower) * cin)
                }
            }
            src += patch
        }
        position.advance(g, by: count)
        remaining -= count
    }
}

/// Image b, output row i and output column j of an im2col row, advanced output row by output row without divisions.
struct PixelPosition {
    var b: Int
    var i: Int
    var j: Int

    @inline(__always)
    init(_ g: Conv2DGeometry, row: Int) {
        let pixels = g.outHeight * g.outWidth
        b = row / pixels
        i = row % pixels / g.outWidth
        j = row % g.outWidth
    }

    /// Moves `count` pixels on, at most to the start of the next output row.
    @inline(__always)
    mutating func advance(_ g: Conv2DGeometry, by count: Int) {
        j += count
        if j == g.outWidth {
            j = 0
            i += 1
            if i == g.outHeight { i = 0; b += 1 }
        }
    }
}

/// Copies a run of `count` floats in whole vectors when both buffers extend far enough, else exactly.
///
/// The floats written past the run belong to later columns of the same im2col row or to later rows, which are
/// written afterwards (im2col fills its output in increasing order), so the overrun is always overwritten; this
/// turns the few-float runs of images with 1 to 3 channels into one vector copy each.
@inline(__always)
func copyRun(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int,
             _ sourceEnd: UnsafePointer<Float>, _ destinationEnd: UnsafeMutablePointer<Float>) {
    let whole = (count + vecWidth - 1) & ~(vecWidth - 1)
    guard src + whole <= sourceEnd && dst + whole <= destinationEnd else {
        copyFloats(src, dst, count)
        return
    }
    var k = 0
    while k < count {
        store(load(src + k), dst + k)
        k += vecWidth
    }
}

/// Copies `count` floats; short copies (a few channels) stay inline rather than calling memcpy.
@inline(__always)
func copyFloats(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    var k = 0
    while k + vecWidth <= count {
        store(load(src + k), dst + k)
        k += vecWidth
    }
    while k < count {
        dst[k] = src[k]
        k += 1
    }
}

/// Sets `count` floats to zero.
@inline(__always)
func zeroFloats(_ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    var k = 0
    while k + vecWidth <= count {
        store(Vec(), dst + k)
        k += vecWidth
    }
    while k < count {
        dst[k] = 0
        k += 1
    }
}

/// `dst[k] += src[k]` for `count` floats.
@inline(__always)
func addFloats(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    var k = 0
    while k + vecWidth <= count {
        store(load(dst + k) + load(src + k), dst + k)
        k += vecWidth
    }
    while k < count {
        dst[k] += src[k]
        k += 1
    }
}
