import XCTest
@testable import SIMDKernels

/// Naive double-precision references for Conv2D over NHWC images, straight from the definition.
enum ConvReference {
    /// The input cell under output pixel (i, j) at kernel cell (p, q), or nil in the padding.
    static func cell(_ g: Conv2DGeometry, _ i: Int, _ j: Int, _ p: Int, _ q: Int) -> (h: Int, w: Int)? {
        let h = i * g.strideH + p - g.padTop, w = j * g.strideW + q - g.padLeft
        return h >= 0 && h < g.height && w >= 0 && w < g.width ? (h, w) : nil
    }

    /// Calls `body(b, i, j, p, q, c, h, w)` for every term of the convolution sum.
    static func forEachTerm(_ g: Conv2DGeometry, _ body: (Int, Int, Int, Int, Int, Int, Int, Int) -> Void) {
        for b in 0..<g.batch {
            for i in 0..<g.outHeight {
                for j in 0..<g.outWidth {
                    for p in 0..<g.kernelHeight {
                        for q in 0..<g.kernelWidth {
                            guard let (h, w) = cell(g, i, j, p, q) else { continue }
                            for c in 0..<g.inChannels { body(b, i, j, p, q, c, h, w) }
                        }
                    }
                }
            }
        }
    }

    static func forward(_ g: Conv2DGeometry, _ x: [Float], _ kernel: [Float], _ bias: [Float]?) -> [Double] {
        let n = g.outChannels
        var y = [Double](repeating: 0, count: g.outputPixels * n)
        for r in 0..<g.outputPixels { for o in 0..<n { y[r * n + o] = Double(bias?[o] ?? 0) } }
        forEachTerm(g) { b, i, j, p, q, c, h, w in
            let xv = Double(x[((b * g.height + h) * g.width + w) * g.inChannels + c])
            let row = (b * g.outHeight + i) * g.outWidth + j, k = (p * g.kernelWidth + q) * g.inChannels + c
            for o in 0..<n { y[row * n + o] += xv * Double(kernel[k * n + o]) }
        }
        return y
    }

    static func inputGradient(_ g: Conv2DGeometry, _ dy: [Float], _ kernel: [Float]) -> [Double] {
        let n = g.outChannels
        var dx = [Double](repeating: 0, count: g.batch * g.height * g.width * g.inChannels)
        forEachTerm(g) { b, i, j, p, q, c, h, w in
            let row = (b * g.outHeight + i) * g.outWidth + j, k = (p * g.kernelWidth + q) * g.inChannels + c
            var total = 0.0
            for o in 0..<n { total += Double(dy[row * n + o]) * Double(kernel[k * n + o]) }
            dx[((b * g.height + h) * g.width + w) * g.inChannels + c] += total
        }
        return dx
    }

    static func kernelGradient(_ g: Conv2DGeometry, _ x: [Float], _ dy: [Float]) -> (kernel: [Double], bias: [Double]) {
        let n = g.outChannels
        var dk = [Double](repeating: 0, count: g.patchSize * n), db = [Double](repeating: 0, count: n)
        forEachTerm(g) { b, i, j, p, q, c, h, w in
            let xv = Double(x[((b * g.height + h) * g.width + w) * g.inChannels + c])
            let row = (b * g.outHeight + i) * g.outWidth + j, k = (p * g.kernelWidth + q) * g.inChannels + c
            for o in 0..<n { dk[k * n + o] += xv * Double(dy[row * n + o]) }
        }
        for r in 0..<g.outputPixels { for o in 0..<n { db[o] += Double(dy[r * n + o]) } }
        return (dk, db)
    }
}

final class ConvolutionTests: XCTestCase {
    /// Odd 7×5 images with 3 channels and 5 filters under every kernel, stride and padding asked for.
    var smallGeometries: [Conv2DGeometry] {
        var result: [Conv2DGeometry] = []
        for (kh, kw) in [(1, 1), (3, 3), (2, 3)] {
            for (sh, sw) in [(1, 1), (2, 2), (2, 1)] {
                for padding in [KernelPadding.valid, .same] {
                    result.append(Conv2DGeometry(batch: 2, height: 7, width: 5, inChannels: 3, outChannels: 5,
                                                 kernelHeight: kh, kernelWidth: kw, strideH: sh, strideW: sw,
                                                 padding: padding))
                }
            }
        }
        // One channel, as a first layer on grayscale images (runs of 1 to 3 floats).
        result.append(Conv2DGeometry(batch: 2, height: 8, width: 9, inChannels: 1, outChannels: 6, kernelHeight: 3,
                                     kernelWidth: 3, padding: .valid))
        result.append(Conv2DGeometry(batch: 2, height: 8, width: 9, inChannels: 1, outChannels: 6, kernelHeight: 3,
                                     kernelWidth: 3, strideH: 2, strideW: 2, padding: .same))
        // Wider channel counts: full 16-column tiles, 8-channel copies, several k blocks (3·3·33 > 256).
        result.append(Conv2DGeometry(batch: 3, height: 9, width: 11, inChannels: 8, outChannels: 17, kernelHeight: 3,
                                     kernelWidth: 3, strideH: 1, strideW: 2, padding: .same))
        result.append(Conv2DGeometry(batch: 1, height: 6, width: 7, inChannels: 33, outChannels: 32, kernelHeight: 3,
                                     kernelWidth: 3, padding: .same))
        return result
    }

    func testPaddingFollowsKerasRules() {
        XCTAssertTrue(KernelPadding.valid.axis(input: 7, window: 3, stride: 2) == (3, 0))
        XCTAssertTrue(KernelPadding.valid.axis(input: 28, window: 3, stride: 1) == (26, 0))
        XCTAssertTrue(KernelPadding.valid.axis(input: 2, window: 3, stride: 2) == (0, 0))
        XCTAssertTrue(KernelPadding.same.axis(input: 7, window: 3, stride: 1) == (7, 1))
        // out = ⌈5/2⌉ = 3, total = (3−1)·2 + 3 − 5 = 2: one before, one after.
        XCTAssertTrue(KernelPadding.same.axis(input: 5, window: 3, stride: 2) == (3, 1))
        // out = ⌈6/2⌉ = 3, total = (3−1)·2 + 3 − 6 = 1: none before, the extra one after.
        XCTAssertTrue(KernelPadding.same.axis(input: 6, window: 3, stride: 2) == (3, 0))
        // Even kernel, stride 1: total 1, all after.
        XCTAssertTrue(KernelPadding.same.axis(input: 7, window: 2, stride: 1) == (7, 0))
        XCTAssertTrue(KernelPadding.same.axis(input: 7, window: 4, stride: 1) == (7, 1))
        XCTAssertTrue(KernelPadding.same.axis(input: 5, window: 1, stride: 2) == (3, 0))
    }

    func testForwardMatchesReferenceForEveryKernelStrideAndPadding() {
        var random = TestRandom(seed: 11)
        for g in smallGeometries {
            let x = random.array(g.batch * g.height * g.width * g.inChannels), kernel = random.array(g.patchSize * g.outChannels)
            let bias = random.array(g.outChannels)
            var y = [Float](repeating: .nan, count: g.outputPixels * g.outChannels)
            conv2DForward(g, x: x, kernel: kernel, bias: bias, y: &y)
            assertClose(y, ConvReference.forward(g, x, kernel, bias), relative: 1e-5 * Double(g.patchSize).squareRoot(), "\(g)")
        }
    }

    func testForwardFusesBiasAndRelu() {
        var random = TestRandom(seed: 12)
        let g = Conv2DGeometry(batch: 2, height: 7, width: 5, inChannels: 3, outChannels: 5, kernelHeight: 3,
                               kernelWidth: 3, padding: .same)
        let x = random.array(2 * 7 * 5 * 3), kernel = random.array(g.patchSize * 5), bias = random.array(5)
        var y = [Float](repeating: .nan, count: g.outputPixels * 5)
        conv2DForward(g, x: x, kernel: kernel, bias: bias, activation: .relu, y: &y)
        assertClose(y, ConvReference.forward(g, x, kernel, bias).map { max($0, 0) }, relative: 1e-5)
        var noBias = [Float](repeating: .nan, count: g.outputPixels * 5)
        conv2DForward(g, x: x, kernel: kernel, bias: nil, y: &noBias)
        assertClose(noBias, ConvReference.forward(g, x, kernel, nil), relative: 1e-5)
    }

    func testForwardIsBitIdenticalToSgemmOnTheIm2colMatrix() {
        var random = TestRandom(seed: 13)
        let g = Conv2DGeometry(batch: 3, height: 9, width: 11, inChannels: 33, outChannels: 20, kernelHeight: 3,
                               kernelWidth: 3, strideH: 2, strideW: 1, padding: .same)
        let x = random.array(g.batch * g.height * g.width * g.inChannels), kernel = random.array(g.patchSize * g.outChannels)
        var columns = [Float](repeating: .nan, count: g.outputPixels * g.patchSize)
        im2col(g, x, firstRow: 0, rows: g.outputPixels, &columns)
        var expected = [Float](repeating: 0, count: g.outputPixels * g.outChannels), y = expected
        sgemm(transposeA: false, transposeB: false, m: g.outputPixels, n: g.outChannels, k: g.patchSize, alpha: 1,
              a: columns, lda: g.patchSize, b: kernel, ldb: g.outChannels, beta: 0, c: &expected, ldc: g.outChannels)
        conv2DForward(g, x: x, kernel: kernel, bias: nil, y: &y)
        assertBitIdentical(y, expected)
    }

    func testInputGradientMatchesReferenceForEveryKernelStrideAndPadding() {
        var random = TestRandom(seed: 21)
        for g in smallGeometries {
            let dy = random.array(g.outputPixels * g.outChannels), kernel = random.array(g.patchSize * g.outChannels)
            var dx = [Float](repeating: .nan, count: g.batch * g.height * g.width * g.inChannels)
            conv2DInputGradient(g, dy: dy, kernel: kernel, dx: &dx)
            assertClose(dx, ConvReference.inputGradient(g, dy, kernel),
                        relative: 1e-5 * Double(g.patchSize * g.outChannels).squareRoot(), "\(g)")
        }
    }

    func testKernelAndBiasGradientsMatchReferenceForEveryKernelStrideAndPadding() {
        var random = TestRandom(seed: 31)
        for g in smallGeometries {
            let x = random.array(g.batch * g.height * g.width * g.inChannels), dy = random.array(g.outputPixels * g.outChannels)
            var dk = [Float](repeating: .nan, count: g.patchSize * g.outChannels)
            var db = [Float](repeating: .nan, count: g.outChannels)
            conv2DKernelGradient(g, x: x, dy: dy, dKernel: &dk, dBias: &db, accumulate: false)
            let (expectedKernel, expectedBias) = ConvReference.kernelGradient(g, x, dy)
            let tolerance = 1e-5 * Double(g.outputPixels).squareRoot()
            assertClose(dk, expectedKernel, relative: tolerance, "\(g)")
            assertClose(db, expectedBias, relative: tolerance, "\(g)")
        }
    }

    /// Large enough that the rows are cut into several parts summed by different threads.
    let largeGeometry = Conv2DGeometry(batch: 4, height: 16, width: 16, inChannels: 16, outChannels: 32, kernelHeight: 3,
                                       kernelWidth: 3, padding: .same)

    func testKernelGradientOverSeveralPartsAccumulatesIntoPreviousValues() {
        let g = largeGeometry
        XCTAssertGreaterThan(kernelGradientParts(g), 1)
        var random = TestRandom(seed: 32)
        let x = random.array(g.batch * g.height * g.width * g.inChannels), dy = random.array(g.outputPixels * g.outChannels)
        let previous = random.array(g.patchSize * g.outChannels), previousBias = random.array(g.outChannels)
        var dk = previous, db = previousBias
        conv2DKernelGradient(g, x: x, dy: dy, dKernel: &dk, dBias: &db, accumulate: true)
        let (expectedKernel, expectedBias) = ConvReference.kernelGradient(g, x, dy)
        assertClose(dk, zip(expectedKernel, previous).map { $0 + Double($1) }, relative: 1e-4)
        assertClose(db, zip(expectedBias, previousBias).map { $0 + Double($1) }, relative: 1e-4)
    }

    func testAllThreeKernelsAreBitIdenticalWithOneAndTwoThreads() {
        let pointwise = Conv2DGeometry(batch: 4, height: 16, width: 16, inChannels: 24, outChannels: 48, kernelHeight: 1,
                                       kernelWidth: 1, padding: .valid)
        let strided = Conv2DGeometry(batch: 6, height: 17, width: 15, inChannels: 7, outChannels: 33, kernelHeight: 3,
                                     kernelWidth: 2, strideH: 2, strideW: 1, padding: .same)
        var random = TestRandom(seed: 41)
        for g in [largeGeometry, pointwise, strided] {
            XCTAssertGreaterThanOrEqual(g.flops, parallelFlopThreshold)
            let x = random.array(g.batch * g.height * g.width * g.inChannels), kernel = random.array(g.patchSize * g.outChannels)
            let bias = random.array(g.outChannels), dy = random.array(g.outputPixels * g.outChannels)
            func run(_ threads: Int) -> [Float] {
                var y = [Float](repeating: .nan, count: g.outputPixels * g.outChannels)
                var dx = [Float](repeating: .nan, count: x.count)
                var dk = [Float](repeating: .nan, count: kernel.count), db = [Float](repeating: .nan, count: bias.count)
                withThreads(threads) {
                    conv2DForward(g, x: x, kernel: kernel, bias: bias, activation: .relu, y: &y)
                    conv2DInputGradient(g, dy: dy, kernel: kernel, dx: &dx)
                    conv2DKernelGradient(g, x: x, dy: dy, dKernel: &dk, dBias: &db, accumulate: false)
                }
                return y + dx + dk + db
            }
            let single = run(1)
            assertBitIdentical(single, run(2), "\(g)")
            assertBitIdentical(single, run(3), "\(g)")
        }
    }

    func testEmptyOutputLeavesGradientsZero() {
        // A 3×3 valid kernel on 2×2 images has no output pixel.
        let g = Conv2DGeometry(batch: 2, height: 2, width: 2, inChannels: 3, outChannels: 4, kernelHeight: 3,
                               kernelWidth: 3, padding: .valid)
        XCTAssertEqual(g.outputPixels, 0)
        let x = [Float](repeating: 1, count: 24), kernel = [Float](repeating: 1, count: g.patchSize * 4)
        var dx = [Float](repeating: .nan, count: 24), dk = [Float](repeating: .nan, count: kernel.count)
        var db = [Float](repeating: .nan, count: 4)
        conv2DInputGradient(g, dy: x, kernel: kernel, dx: &dx)
        conv2DKernelGradient(g, x: x, dy: x, dKernel: &dk, dBias: &db, accumulate: false)
        XCTAssertEqual(dx, [Float](repeating: 0, count: 24))
        XCTAssertEqual(dk, [Float](repeating: 0, count: kernel.count))
        XCTAssertEqual(db, [0, 0, 0, 0])
    }
}
