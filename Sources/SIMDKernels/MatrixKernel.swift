// Which register-tiled micro-kernel sgemm runs for its full tiles, and the sweep over one packed B panel that
// both sgemm and the convolutions' packed products use.

/// The instruction set of the matrix product's inner kernel.
///
/// Both kernels compute every element of C with the same operations (one FMA chain over k, the same epilogue),
/// so results are bit-identical whichever runs; `MatrixKernel.current` only changes the speed. The default is
/// `.avx512` when the package was built for a CPU with AVX-512 (`-march=native` on such a CPU: `Package.swift`
/// then defines `SIMDKERNELS_AVX512`), `.avx2` otherwise.
public enum MatrixKernel: String, Sendable, CaseIterable {
    /// 6×16 tiles in twelve 8-lane registers (AVX2 + FMA).
    case avx2 = "AVX2+FMA, 6x16 tiles of 8-lane vectors"
    /// 12×32 tiles in 24 16-lane registers (12×16 at the edges; AVX-512F); on a CPU without AVX-512 each register
    /// is two halves.
    case avx512 = "AVX-512, 12x32 and 12x16 tiles of 16-lane vectors"

    /// The kernel the build targets.
    public static var native: MatrixKernel {
        #if SIMDKERNELS_AVX512
        return .avx512
        #else
        return .avx2
        #endif
    }

    nonisolated(unsafe) private static var storage = MatrixKernel.native

    /// The kernel sgemm uses; set it to compare the two (tests check they agree bit for bit).
    public static var current: MatrixKernel {
        get { storage }
        set { storage = newValue }
    }
}

/// Floats of the scratch tile that narrow tiles are computed into (the larger of the two kernels' tiles).
let edgeTileFloats = wideTileRows * tileCols

/// Multiplies rows `rows` of op(A) by one packed `kc × 16` B panel into columns `j ..< j + width` of C.
///
/// Row `i` of op(A) starts at `row(i)` (its step p at `+ p·stepStride`, row i + 1 of the same tile at `+ rowStride`:
/// A read in place, or packed in 12-row tiles by `packATiles`); `c` points at C's row 0,
/// column j. With the wide kernel, 12-row tiles (and a last one of 6-11 rows) go to it, the rest (or everything with
/// the AVX2 kernel) to 6-row (and 3-row) tiles; tiles
/// narrower than 16 columns are computed into `tile` (`edgeTileFloats` floats) and copied out by `finishEdge`.
@inline(__always)
func multiplyPanel(_ kc: Int, _ row: (Int) -> UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int, rows: Range<Int>,
                   _ panel: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, _ ldc: Int, width: Int,
                   _ alpha: Float, _ beta: Float, _ bias: UnsafePointer<Float>?, tile: UnsafeMutablePointer<Float>) {
    var i = rows.lowerBound
    if MatrixKernel.current == .avx512 {
        while i + wideTileRows <= rows.upperBound {
            if width == tileCols {
                wideMicroKernel(kc, row(i), rowStride, stepStride, panel, c + i * ldc, ldc, alpha, beta, bias)
            } else {
                wideMicroKernel(kc, row(i), rowStride, stepStride, panel, tile, tileCols, 1, 0, nil)
                finishEdge(tile, rows: wideTileRows, cols: width, c + i * ldc, ldc, alpha, beta, bias)
            }
            i += wideTileRows
        }
        // 6 to 11 rows left: one wide tile (half the rows wasted at twice the speed beats 6-row AVX2 tiles), of 8 rows
        // when that is enough.
        let height = rows.upperBound - i
        if height == shortWideTileRows && width == tileCols {
            shortWideMicroKernel(kc, row(i), rowStride, stepStride, height: height, panel, c + i * ldc, ldc,
                                 alpha, beta, bias)
            i = rows.upperBound
        } else if height >= tileRows {
            if height <= shortWideTileRows {
                shortWideMicroKernel(kc, row(i), rowStride, stepStride, height: height, panel, tile,
                                     tileCols, 1, 0, nil)
            } else {
                wideMicroKernel(kc, row(i), rowStride, stepStride, height: height, panel, tile, tileCols,
                                1, 0, nil)
            }
            finishEdge(tile, rows: height, cols: width, c + i * ldc, ldc, alpha, beta, bias)
            i = rows.upperBound
        }
    }
    while i < rows.upperBound {
        let height = min(tileRows, rows.upperBound - i)
        let a = row(i), c = c + i * ldc
        if height == tileRows && width == tileCols {
            microKernel(kc, a, rowStride, stepStride, height: tileRows, panel, c, ldc, alpha, beta, bias)
        } else {
            if height <= 3 {
                microKernel3(kc, a, rowStride, stepStride, height: height, panel, tile, tileCols)
            } else {
                microKernel(kc, a, rowStride, stepStride, height: height, panel, tile, tileCols, 1, 0, nil)
            }
            finishEdge(tile, rows: height, cols: width, c, ldc, alpha, beta, bias)
        }
        i += tileRows
    }
}

/// `multiplyPanel` for two neighbouring full 16-column panels (`panel1` right after `panel0`, C's columns
/// `j ..< j + 32`): 12-row tiles through the 12×32 AVX-512 kernel, the last rows panel by panel.
@inline(__always)
func multiplyPanelPair(_ kc: Int, _ row: (Int) -> UnsafePointer<Float>, _ rowStride: Int, _ stepStride: Int,
                       rows: Range<Int>, _ panel0: UnsafePointer<Float>, _ panel1: UnsafePointer<Float>,
                       _ c: UnsafeMutablePointer<Float>, _ ldc: Int, _ alpha: Float, _ beta: Float,
                       _ bias: UnsafePointer<Float>?, tile: UnsafeMutablePointer<Float>) {
    var i = rows.lowerBound
    while i + wideTileRows <= rows.upperBound {
        widePairMicroKernel(kc, row(i), rowStride, stepStride, panel0, panel1, c + i * ldc, ldc, alpha, beta, bias)
        i += wideTileRows
    }
    if i < rows.upperBound {
        multiplyPanel(kc, row, rowStride, stepStride, rows: i..<rows.upperBound, panel0, c, ldc, width: tileCols,
                      alpha, beta, bias, tile: tile)
        multiplyPanel(kc, row, rowStride, stepStride, rows: i..<rows.upperBound, panel1, c + tileCols, ldc,
                      width: tileCols, alpha, beta, bias.map { $0 + tileCols }, tile: tile)
    }
}
