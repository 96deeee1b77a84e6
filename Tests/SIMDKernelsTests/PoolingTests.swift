import XCTest
@testable import SIMDKernels

/// Naive references for 2-D pooling over NHWC images.
enum PoolReference {
    /// The window of output cell (i, j), clipped to the image, in row-major order.
    static func window(_ g: Pool2DGeometry, _ i: Int, _ j: Int) -> [(h: Int, w: Int)] {
        var cells: [(h: Int, w: Int)] = []
        for h in (i * g.strideH - g.padTop)..<(i * g.strideH - g.padTop + g.poolHeight) where h >= 0 && h < g.height {
            for w in (j * g.strideW - g.padLeft)..<(j * g.strideW - g.padLeft + g.poolWidth) where w >= 0 && w < g.width {
                cells.append((h, w))
            }
        }
        return cells
    }

    /// Calls `body(b, i, j, c, out, window)` for every output element (`out` its flat index).
    static func forEachOutput(_ g: Pool2DGeometry, _ body: (Int, Int, Int, Int, Int, [(h: Int, w: Int)]) -> Void) {
        for b in 0..<g.batch {
            for i in 0..<g.outHeight {
                for j in 0..<g.outWidth {
                    let cells = window(g, i, j)
                    for c in 0..<g.channels { body(b, i, j, c, ((b * g.outHeight + i) * g.outWidth + j) * g.channels + c, cells) }
                }
            }
        }
    }

    static func index(_ g: Pool2DGeometry, _ b: Int, _ h: Int, _ w: Int, _ c: Int) -> Int {
        ((b * g.height + h) * g.width + w) * g.channels + c
    }

    /// Maxima and the spatial index of each window's first maximum (strictly greater replaces).
    static func maxPool(_ g: Pool2DGeometry, _ x: [Float]) -> (y: [Float], argmax: [Int32]) {
        var y = [Float](repeating: 0, count: g.batch * g.outHeight * g.outWidth * g.channels)
        var argmax = [Int32](repeating: -1, count: y.count)
        forEachOutput(g) { b, _, _, c, out, cells in
            var best = -Float.infinity, bestIndex = -1
            for (h, w) in cells where bestIndex < 0 || x[index(g, b, h, w, c)] > best {
                best = x[index(g, b, h, w, c)]
                bestIndex = h * g.width + w
            }
            y[out] = best
            argmax[out] = Int32(bestIndex)
        }
        return (y, argmax)
    }

    static func maxPoolBackward(_ g: Pool2DGeometry, _ x: [Float], _ dy: [Float]) -> [Double] {
        let argmax = maxPool(g, x).argmax
        var dx = [Double](repeating: 0, count: x.count)
        forEachOutput(g) { b, _, _, c, out, _ in
            let cell = Int(argmax[out])
            dx[index(g, b, cell / g.width, cell % g.width, c)] += Double(dy[out])
        }
        return dx
    }

    static func averagePool(_ g: Pool2DGeometry, _ x: [Float]) -> [Double] {
        var y = [Double](repeating: 0, count: g.batch * g.outHeight * g.outWidth * g.channels)
        forEachOutput(g) { b, _, _, c, out, cells in
            y[out] = cells.map { Double(x[index(g, b, $0.h, $0.w, c)]) }.reduce(0, +) / Double(cells.count)
        }
        return y
    }

    static func averagePoolBackward(_ g: Pool2DGeometry, _ dy: [Float]) -> [Double] {
        var dx = [Double](repeating: 0, count: g.batch * g.height * g.width * g.channels)
        forEachOutput(g) { b, _, _, c, out, cells in
            for (h, w) in cells { dx[index(g, b, h, w, c)] += Double(dy[out]) / Double(cells.count) }
        }
        return dx
    }
}

final class PoolingTests: XCTestCase {
    /// 7×5 images, pools that tile, overlap (3 with stride 2) and slide by (2, 1), valid and same.
    func geometries(channels: Int) -> [Pool2DGeometry] {
        var result: [Pool2DGeometry] = []
        for (ph, pw, sh, sw) in [(2, 2, 2, 2), (3, 3, 2, 2), (2, 3, 2, 1), (3, 3, 1, 1), (1, 1, 2, 2)] {
            for padding in [KernelPadding.valid, .same] {
                result.append(Pool2DGeometry(batch: 2, height: 7, width: 5, channels: channels, poolHeight: ph,
                                             poolWidth: pw, strideH: sh, strideW: sw, padding: padding))
            }
        }
        return result
    }

    /// Inputs with many tied maxima (values in {−1, 0, 1}), all-negative ones, and plain random ones.
    func inputs(_ count: Int, _ random: inout TestRandom) -> [[Float]] {
        [(0..<count).map { _ in Float(Int(random.next() % 3)) - 1 },
         (0..<count).map { _ in Float(Int(random.next() % 3)) - 3 },
         random.array(count, -5, -1),
         random.array(count)]
    }

    func testMaxPoolMatchesReferenceWithTiesAndNegativeInputs() {
        var random = TestRandom(seed: 51)
        for channels in [3, 11] {
            for g in geometries(channels: channels) {
                for x in inputs(g.batch * g.height * g.width * channels, &random) {
                    let count = g.batch * g.outHeight * g.outWidth * channels
                    var y = [Float](repeating: .nan, count: count), argmax = [Int32](repeating: -7, count: count)
                    maxPool2DForward(g, x: x, y: &y, argmax: &argmax)
                    let expected = PoolReference.maxPool(g, x)
                    XCTAssertEqual(y, expected.y, "\(g)")
                    XCTAssertEqual(argmax, expected.argmax, "\(g)")
                    let dy = random.array(count)
                    var dx = [Float](repeating: .nan, count: x.count)
                    maxPool2DBackward(g, dy: dy, argmax: argmax, dx: &dx)
                    assertClose(dx, PoolReference.maxPoolBackward(g, x, dy), relative: 1e-6, "\(g)")
                }
            }
        }
    }

    func testMaxPoolNeverPicksPaddingForAllNegativeInputs() {
        let g = Pool2DGeometry(batch: 1, height: 3, width: 3, channels: 1, poolHeight: 2, poolWidth: 2, strideH: 2,
                               strideW: 2, padding: .same)
        var y = [Float](repeating: .nan, count: 4)
        maxPool2DForward(g, x: [-9, -8, -7, -6, -5, -4, -3, -2, -1], y: &y, argmax: nil)
        XCTAssertEqual(y, [-5, -4, -2, -1])
    }

    func testMaxPoolGradientGoesToFirstMaximumInRowMajorOrder() {
        // Both windows' maximum 3 appears at (0, 1) and (1, 0); (0, 1) comes first in row-major order.
        let g = Pool2DGeometry(batch: 1, height: 2, width: 3, channels: 1, poolHeight: 2, poolWidth: 2, strideH: 1,
                               strideW: 1, padding: .valid)
        var y = [Float](repeating: 0, count: 2), argmax = [Int32](repeating: 0, count: 2)
        maxPool2DForward(g, x: [1, 3, 0, 3, 2, 3], y: &y, argmax: &argmax)
        XCTAssertEqual(y, [3, 3])
        XCTAssertEqual(argmax, [1, 1])
        var dx = [Float](repeating: .nan, count: 6)
        maxPool2DBackward(g, dy: [10, 5], argmax: argmax, dx: &dx)
        XCTAssertEqual(dx, [0, 15, 0, 0, 0, 0])
    }

    func testOverlappingWindowsAddTheirGradients() {
        // Pool 3, stride 2 on 5×5: the center cell is in all four windows.
        let g = Pool2DGeometry(batch: 1, height: 5, width: 5, channels: 1, poolHeight: 3, poolWidth: 3, strideH: 2,
                               strideW: 2, padding: .valid)
        var x = [Float](repeating: 0, count: 25)
        x[12] = 1
        var y = [Float](repeating: 0, count: 4), argmax = [Int32](repeating: 0, count: 4)
        maxPool2DForward(g, x: x, y: &y, argmax: &argmax)
        var dx = [Float](repeating: .nan, count: 25)
        maxPool2DBackward(g, dy: [1, 2, 3, 4], argmax: argmax, dx: &dx)
        XCTAssertEqual(dx[12], 10)
        XCTAssertEqual(dx.reduce(0, +), 10)
    }

    func testAveragePoolMatchesReference() {
        var random = TestRandom(seed: 52)
        for channels in [3, 11] {
            for g in geometries(channels: channels) {
                let x = random.array(g.batch * g.height * g.width * channels)
                var y = [Float](repeating: .nan, count: g.batch * g.outHeight * g.outWidth * channels)
                averagePool2DForward(g, x: x, y: &y)
                assertClose(y, PoolReference.averagePool(g, x), relative: 1e-6, "\(g)")
                let dy = random.array(y.count)
                var dx = [Float](repeating: .nan, count: x.count)
                averagePool2DBackward(g, dy: dy, dx: &dx)
                assertClose(dx, PoolReference.averagePoolBackward(g, dy), relative: 1e-6, "\(g)")
            }
        }
    }

    func testSameAveragePoolDividesByRealCellsAsKeras() {
        // keras.layers.AveragePooling2D(2, padding="same") on [[1, 2, 3], [4, 5, 6], [7, 8, 9]].
        let g = Pool2DGeometry(batch: 1, height: 3, width: 3, channels: 1, poolHeight: 2, poolWidth: 2, strideH: 2,
                               strideW: 2, padding: .same)
        var y = [Float](repeating: .nan, count: 4)
        averagePool2DForward(g, x: [1, 2, 3, 4, 5, 6, 7, 8, 9], y: &y)
        XCTAssertEqual(y, [3, 4.5, 7.5, 9])
        var dx = [Float](repeating: .nan, count: 9)
        averagePool2DBackward(g, dy: [4, 2, 2, 1], dx: &dx)
        XCTAssertEqual(dx, [1, 1, 1, 1, 1, 1, 1, 1, 1])
    }

    func testPoolingIsBitIdenticalWithOneAndTwoThreads() {
        let g = Pool2DGeometry(batch: 8, height: 32, width: 32, channels: 16, poolHeight: 3, poolWidth: 3, strideH: 2,
                               strideW: 2, padding: .same)
        var random = TestRandom(seed: 53)
        let x = (0..<g.batch * g.height * g.width * g.channels).map { _ in Float(Int(random.next() % 5)) - 2 }
        let outputs = g.batch * g.outHeight * g.outWidth * g.channels
        let dy = random.array(outputs)
        func run(_ threads: Int) -> [Float] {
            var maxY = [Float](repeating: .nan, count: outputs), averageY = maxY
            var argmax = [Int32](repeating: 0, count: outputs)
            var maxDx = [Float](repeating: .nan, count: x.count), averageDx = maxDx
            withThreads(threads) {
                maxPool2DForward(g, x: x, y: &maxY, argmax: &argmax)
                maxPool2DBackward(g, dy: dy, argmax: argmax, dx: &maxDx)
                averagePool2DForward(g, x: x, y: &averageY)
                averagePool2DBackward(g, dy: dy, dx: &averageDx)
            }
            return maxY + maxDx + averageY + averageDx + argmax.map { Float($0) }
        }
        let single = run(1)
        assertBitIdentical(single, run(2))
        assertBitIdentical(single, run(3))
    }
}
