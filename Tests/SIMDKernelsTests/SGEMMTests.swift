import XCTest
@testable import SIMDKernels

/// Naive double-precision reference for `alpha·op(A)·op(B) + beta·C`.
func referenceGemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double, a: [Float], lda: Int,
                   b: [Float], ldb: Int, beta: Double, c: [Float], ldc: Int) -> [Double] {
    var out = c.map(Double.init)
    for i in 0..<m {
        for j in 0..<n {
            var acc = 0.0
            for p in 0..<k {
                let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                acc += Double(av) * Double(bv)
            }
            out[i * ldc + j] = alpha * acc + (beta == 0 ? 0 : beta * Double(c[i * ldc + j]))
        }
    }
    return out
}

final class SGEMMTests: XCTestCase {
    /// Runs sgemm and the reference on random data and compares; `pad` adds extra columns to every stride.
    func check(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0,
               pad: Int = 0, seed: UInt64 = 1, file: StaticString = #filePath, line: UInt = #line) {
        var random = TestRandom(seed: seed &+ UInt64(m * 1_000_003 + n * 1009 + k))
        let lda = (transposeA ? m : k) + pad, ldb = (transposeB ? k : n) + pad, ldc = n + pad
        let a = random.array((transposeA ? k : m) * lda), b = random.array((transposeB ? n : k) * ldb)
        var c = random.array(m * ldc)
        if beta == 0 { for i in stride(from: 0, to: c.count, by: 3) { c[i] = .nan } }
        let expected = referenceGemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                     alpha: Double(alpha), a: a, lda: lda, b: b, ldb: ldb, beta: Double(beta),
                                     c: c, ldc: ldc)
        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
              b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
        // Padding columns of C must be untouched; compare only the m×n part plus the padding as-is.
        assertClose(c, expected, relative: 1e-5 * Double(max(k, 1)).squareRoot(),
                    "tA=\(transposeA) tB=\(transposeB) m=\(m) n=\(n) k=\(k) alpha=\(alpha) beta=\(beta) pad=\(pad)",
                    file: file, line: line)
    }

    func testEveryLayoutMatchesReferenceOnEverySizeClass() {
        for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
            for m in [1, 5, 6, 7, 13, 33] {
                for n in [1, 7, 8, 15, 16, 17, 33, 50] {
                    for k in [1, 7, 33] { check(transposeA: tA, transposeB: tB, m: m, n: n, k: k) }
                }
            }
        }
    }

    func testLargeProductsSpanningSeveralTilesAndKBlocks() {
        for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
            check(transposeA: tA, transposeB: tB, m: 65, n: 70, k: 300)
            check(transposeA: tA, transposeB: tB, m: 131, n: 40, k: 37)
        }
    }

    func testStridesLargerThanTheRowLength() {
        for (tA, tB) in [(false, false), (true, false), (false, true), (true, true)] {
            check(transposeA: tA, transposeB: tB, m: 19, n: 21, k: 23, pad: 5)
            check(transposeA: tA, transposeB: tB, m: 7, n: 33, k: 300, alpha: 0.5, beta: 2, pad: 3)
        }
    }

    func testAlphaAndBetaScaleProductAndPreviousC() {
        for (alpha, beta) in [(Float(2), Float(0)), (1, 1), (-0.5, 0.25), (0, 3)] {
            check(transposeA: false, transposeB: false, m: 17, n: 19, k: 300, alpha: alpha, beta: beta)
            check(transposeA: true, transposeB: false, m: 9, n: 40, k: 11, alpha: alpha, beta: beta)
            check(transposeA: false, transposeB: true, m: 33, n: 7, k: 5, alpha: alpha, beta: beta)
        }
    }

    func testBetaZeroIgnoresNaNInOutput() {
        var c = [Float](repeating: .nan, count: 4)
        let a: [Float] = [1, 2, 3, 4], b: [Float] = [5, 6, 7, 8]
        sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 2, alpha: 1, a: a, lda: 2, b: b, ldb: 2,
              beta: 0, c: &c, ldc: 2)
        XCTAssertEqual(c, [19, 22, 43, 50])
    }

    func testZeroKScalesCByBeta() {
        var c: [Float] = [1, 2, 3, 4, .nan, 6]
        let dummy: [Float] = [0]
        sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, alpha: 1, a: dummy, lda: 1, b: dummy, ldb: 2,
              beta: 2, c: &c, ldc: 3)
        XCTAssertEqual(Array(c[0..<4]), [2, 4, 3, 8])
        XCTAssertTrue(c[4].isNaN)
        sgemm(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, alpha: 1, a: dummy, lda: 1, b: dummy, ldb: 2,
              beta: 0, c: &c, ldc: 3)
        XCTAssertEqual(Array(c[0..<2]) + Array(c[3..<5]), [0, 0, 0, 0])
    }

    func testEmptyOutputTouchesNothing() {
        var c: [Float] = [.nan, 7]
        let a: [Float] = [1, 2], b: [Float] = [3, 4]
        sgemm(transposeA: false, transposeB: false, m: 0, n: 2, k: 1, alpha: 1, a: a, lda: 1, b: b, ldb: 2,
              beta: 0, c: &c, ldc: 2)
        sgemm(transposeA: false, transposeB: false, m: 1, n: 0, k: 1, alpha: 1, a: a, lda: 1, b: b, ldb: 2,
              beta: 0, c: &c, ldc: 2)
        XCTAssertTrue(c[0].isNaN)
        XCTAssertEqual(c[1], 7)
    }

    func testResultsAreBitIdenticalWithOneAndTwoThreads() {
        var random = TestRandom(seed: 42)
        for (tA, tB, m, n, k) in [(false, false, 64, 128, 784), (true, false, 784, 128, 64),
                                  (false, true, 64, 784, 128), (false, false, 37, 301, 519),
                                  (true, true, 70, 90, 300), (false, false, 2000, 17, 64),
                                  (true, false, 1000, 20, 70), (true, false, 256, 128, 32), (false, false, 300, 64, 40),
                                  (true, false, 200, 512, 300), (true, false, 1600, 10, 128), (true, true, 900, 12, 300),
                                  (true, false, 512, 10, 128), (false, true, 128, 512, 10)] {
            let a = random.array(m * k), b = random.array(k * n)
            func run(_ threads: Int) -> [Float] {
                var c = [Float](repeating: 0.5, count: m * n)
                withThreads(threads) {
                    sgemm(transposeA: tA, transposeB: tB, m: m, n: n, k: k, alpha: 0.75, a: a, lda: tA ? m : k,
                          b: b, ldb: tB ? k : n, beta: 0.5, c: &c, ldc: n)
                }
                return c
            }
            assertBitIdentical(run(1), run(2), "\(m)x\(n)x\(k)")
            assertBitIdentical(run(1), run(3), "\(m)x\(n)x\(k)")
        }
    }
}
