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

/// Writes rows `firstRow ..< firstRow + rows` of the im2col matrix of `x` into `out` (`rows × patchSize`).
func im2col(_ g: Conv2DGeometry, _ x: UnsafePointer<Float>, firstRow: Int, rows: Int, _ out: UnsafeMutablePointer<Float>) {
    let cin = g.inChannels, span = g.kernelWidth * cin, patch = g.patchSize
    var position = PixelPosition(g, row: firstRow)
    var dst = out
    for _ in 0..<rows {
        let image = x + position.b * g.height * g.width * cin
        let (lower, upper, first) = insideColumns(g, outputColumn: position.j)
        for p in 0..<g.kernelHeight {
            let ih = position.i * g.strideH + p - g.padTop
            let row = dst + p * span
            guard ih >= 0 && ih < g.height && lower < upper else {
                zeroFloats(row, span)
                continue
            }
            if lower > 0 { zeroFloats(row, lower * cin) }
            copyFloats(image + (ih * g.width + first + lower) * cin, row + lower * cin, (upper - lower) * cin)
            if upper < g.kernelWidth { zeroFloats(row + upper * cin, (g.kernelWidth - upper) * cin) }
        }
        dst += patch
        position.advance(g)
    }
}

/// Adds rows `firstRow ..< firstRow + rows` of an im2col-shaped matrix `columns` (`rows × patchSize`) into the
/// image gradient `dx` at the cells they came from, dropping padding cells. Rows are added in order, and within
/// a row kernel row by kernel row, so each `dx` element is summed in a fixed order.
func col2imAdd(_ g: Conv2DGeometry, _ columns: UnsafePointer<Float>, firstRow: Int, rows: Int,
               _ dx: UnsafeMutablePointer<Float>) {
    let cin = g.inChannels, span = g.kernelWidth * cin, patch = g.patchSize
    var position = PixelPosition(g, row: firstRow)
    var src = columns
    for _ in 0..<rows {
        let image = dx + position.b * g.height * g.width * cin
        let (lower, upper, first) = insideColumns(g, outputColumn: position.j)
        if lower < upper {
            for p in 0..<g.kernelHeight {
                let ih = position.i * g.strideH + p - g.padTop
                guard ih >= 0 && ih < g.height else { continue }
                let target = image + (ih * g.width + first + lower) * cin
                addFloats(src + p * span + lower * cin, target, (upper - lower) * cin)
            }
        }
        src += patch
        position.advance(g)
    }
}

/// Image b, output row i and output column j of an im2col row, advanced row by row without divisions.
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

    @inline(__always)
    mutating func advance(_ g: Conv2DGeometry) {
        j += 1
        if j == g.outWidth {
            j = 0
            i += 1
            if i == g.outHeight { i = 0; b += 1 }
        }
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
