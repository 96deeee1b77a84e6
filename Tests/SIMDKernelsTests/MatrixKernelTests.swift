import XCTest
@testable import SIMDKernels

/// Both matrix kernels (AVX2 6×16 tiles, AVX-512 12×32 and 12×16 tiles) must compute sgemm, the dense layer's fused
/// product, the convolution's packed product and the sparse first-layer products (64- or 128-column panels) exactly as the reference does, and bit-identically to each other:
/// which one runs may only change the speed.
final class MatrixKernelTests: XCTestCase {
    /// Runs `body` once per kernel, restoring the build's choice afterwards.
    func results<T>(_ body: () -> T) -> [MatrixKernel: T] {
        let saved = MatrixKernel.current
        defer { MatrixKernel.current = saved }
        var out: [MatrixKernel: T] = [:]
        for kernel in MatrixKernel.allCases {
            MatrixKernel.current = kernel
            out[kernel] = body()
        }
        return out
    }

    func testBothKernelsMatchTheReferenceAndEachOtherBitForBit() {
        var random = TestRandom(seed: 7)
        // Heights around the 12-row wide tile, the 8-row short wide tile and the 6-row tile, widths around the
        // 16-column panel, k across several k blocks; every layout.
        for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
            for (m, n, k) in [(12, 16, 9), (24, 32, 300), (25, 17, 40), (13, 10, 64), (36, 48, 600), (200, 10, 256),
                              (11, 16, 5), (193, 33, 20), (20, 48, 70), (19, 33, 300), (32, 16, 260), (18, 64, 9),
                              (30, 260, 130), (200, 256, 129), (40, 12, 600), (35, 6, 33)] {
                let lda = tA ? m : k, ldb = tB ? k : n
                let a = random.array(m * k), b = random.array(k * n), c0 = random.array(m * n)
                let expected = referenceGemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k, alpha: 0.5, a: a,
                                             lda: lda, b: b, ldb: ldb, beta: 0.25, c: c0, ldc: n)
                let outputs = results { () -> [Float] in
                    var c = c0
                    sgemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k, alpha: 0.5, a: a, lda: lda, b: b,
                          ldb: ldb, beta: 0.25, c: &c, ldc: n)
                    return c
                }
                let label = "tA=\(tA) tB=\(tB) \(m)x\(n)x\(k)"
                assertClose(outputs[.avx512]!, expected, relative: 1e-5 * Double(k).squareRoot(), label)
                assertBitIdentical(outputs[.avx2]!, outputs[.avx512]!, label)
            }
        }
    }

    func testDenseForwardWithBiasAndActivationAgreesAcrossKernels() {
        var random = TestRandom(seed: 11)
        for (m, n, k) in [(200, 256, 512), (50, 10, 256), (36, 20, 30)] {
            let x = random.array(m * k), w = random.array(k * n), bias = random.array(n)
            let outputs = results { () -> [Float] in
                var y = [Float](repeating: .nan, count: m * n)
                denseForward(m: m, n: n, k: k, x: x, w: w, bias: bias, activation: .relu, y: &y)
                return y
            }
            var expected = referenceGemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: x,
                                         lda: k, b: w, ldb: n, beta: 0, c: [Float](repeating: 0, count: m * n), ldc: n)
            for i in 0..<m { for j in 0..<n { expected[i * n + j] = max(0, expected[i * n + j] + Double(bias[j])) } }
            assertClose(outputs[.avx512]!, expected, relative: 1e-5 * Double(k).squareRoot(), "\(m)x\(n)x\(k)")
            assertBitIdentical(outputs[.avx2]!, outputs[.avx512]!, "\(m)x\(n)x\(k)")
        }
    }

    func testConvolutionForwardAgreesAcrossKernels() {
        var random = TestRandom(seed: 13)
        let g = Conv2DGeometry(batch: 3, height: 13, width: 13, inChannels: 32, outChannels: 64, kernelHeight: 3,
                               kernelWidth: 3, strideH: 1, strideW: 1, padTop: 0, padLeft: 0,
                               outHeight: 11, outWidth: 11)
        let x = random.array(3 * 13 * 13 * 32), kernel = random.array(9 * 32 * 64), bias = random.array(64)
        let outputs = results { () -> [Float] in
            var y = [Float](repeating: .nan, count: g.outputPixels * 64)
            conv2DForward(g, x: x, kernel: kernel, bias: bias, activation: .relu, y: &y)
            return y
        }
        assertBitIdentical(outputs[.avx2]!, outputs[.avx512]!)
    }

    func testSparseProductsAgreeAcrossKernelsAndWithTheReference() {
        var random = TestRandom(seed: 17)
        // Widths below, at and across the 64- and 128-column panels.
        for (rows, cols, n) in [(200, 784, 512), (33, 130, 200), (50, 300, 128), (9, 17, 64), (7, 260, 10)] {
            let x = sparseBatch(rows: rows, cols: cols, density: 0.2, seed: UInt64(rows + n))
            let w = random.array(cols * n), bias = random.array(n), dz = random.array(rows * n)
            let outputs = results { products(SparseInput(), rows: rows, cols: cols, n: n, x: x, w: w, bias: bias, dz: dz) }
            let label = "rows \(rows) cols \(cols) n \(n)"
            assertClose(outputs[.avx512]!.0, reference(rows: rows, cols: cols, n: n, x: x, w: w, bias: bias),
                        relative: 1e-5, label)
            assertClose(outputs[.avx512]!.1, transposedProduct(rows: rows, cols: cols, n: n, x: x, dz: dz),
                        relative: 1e-5, label)
            assertBitIdentical(outputs[.avx2]!.0, outputs[.avx512]!.0, label)
            assertBitIdentical(outputs[.avx2]!.1, outputs[.avx512]!.1, label)
        }
    }

    func testTheBuildsKernelIsTheDefault() {
        XCTAssertEqual(MatrixKernel.current, MatrixKernel.native)
    }
}
