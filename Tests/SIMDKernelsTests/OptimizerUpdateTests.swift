import XCTest
@testable import SIMDKernels

final class OptimizerUpdateTests: XCTestCase {
    let count = 37
    var random = TestRandom(seed: 21)

    func testKerasComplementUsesTheDecimalHyperparameter() {
        XCTAssertEqual(kerasComplement(0.999), Float(1 - 0.999 as Double))
        XCTAssertEqual(kerasComplement(0.9), Float(0.1 as Double))
    }

    func testPlainSGDSubtractsScaledGradient() {
        var w = random.array(count)
        let g = random.array(count)
        let expected = (0..<count).map { Double(w[$0]) - 0.01 * Double(g[$0]) }
        sgdUpdate(weights: &w, gradients: g, velocity: nil, count: count, learningRate: 0.01, momentum: 0, nesterov: false)
        assertClose(w, expected, relative: 1e-6)
    }

    /// Stretches of all-zero gradient are skipped: every weight must still be exactly `w - g·lr` in float32,
    /// including -0 and NaN weights under a zero gradient and a -0 gradient (which is not skipped).
    func testPlainSGDWithZeroStretchesIsExactlyTheFloatFormula() {
        let n = 1000
        var w = random.array(n), g = random.array(n)
        for i in 64..<256 { g[i] = 0 }            // three whole 64-float stretches of +0
        for i in 300..<420 { g[i] = 0 }           // partial stretches
        for i in 960..<n { g[i] = 0 }             // the tail
        g[500] = -0.0
        w[100] = -0.0; w[101] = .nan; w[102] = .infinity; w[500] = -0.0
        let lr: Float = 0.037
        let expected = (0..<n).map { w[$0] - g[$0] * lr }
        sgdUpdate(weights: &w, gradients: g, velocity: nil, count: n, learningRate: lr, momentum: 0, nesterov: false)
        XCTAssertEqual(w.map(\.bitPattern), expected.map(\.bitPattern))
    }

    func testMomentumAndNesterovSGDOverThreeSteps() {
        for nesterov in [false, true] {
            var w = random.array(count), v = [Float](repeating: 0, count: count)
            var wd = w.map(Double.init), vd = v.map(Double.init)
            for _ in 0..<3 {
                let g = random.array(count)
                for i in 0..<count {
                    vd[i] = 0.9 * vd[i] - 0.05 * Double(g[i])
                    wd[i] += nesterov ? 0.9 * vd[i] - 0.05 * Double(g[i]) : vd[i]  // Keras 3: Nesterov adds μ·v - lr·g only
                }
                sgdUpdate(weights: &w, gradients: g, velocity: &v, count: count, learningRate: 0.05, momentum: 0.9,
                          nesterov: nesterov)
            }
            assertClose(w, wd, relative: 1e-6, "nesterov=\(nesterov)")
            assertClose(v, vd, relative: 1e-6, "nesterov=\(nesterov)")
        }
    }

    func testAdamWithAndWithoutAMSGradOverThreeSteps() {
        for amsgrad in [false, true] {
            var w = random.array(count)
            var m = [Float](repeating: 0, count: count), v = m, vHat = m
            var wd = w.map(Double.init), md = [Double](repeating: 0, count: count), vd = md, hd = md
            let lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7
            for t in 1...3 {
                let g = random.array(count)
                let alpha = lr * (1 - pow(b2, Double(t))).squareRoot() / (1 - pow(b1, Double(t)))
                for i in 0..<count {
                    let gi = Double(g[i])
                    md[i] += (gi - md[i]) * (1 - b1)
                    vd[i] += (gi * gi - vd[i]) * (1 - b2)
                    hd[i] = max(hd[i], vd[i])
                    wd[i] -= md[i] * alpha / ((amsgrad ? hd[i] : vd[i]).squareRoot() + eps)
                }
                vHat.withUnsafeMutableBufferPointer { vh in
                    adamUpdate(weights: &w, gradients: g, m: &m, v: &v, vHat: amsgrad ? vh.baseAddress : nil,
                               count: count, alpha: Float(alpha), beta1: 0.9, beta2: 0.999, epsilon: 1e-7)
                }
            }
            assertClose(w, wd, relative: 1e-6, "amsgrad=\(amsgrad)")
            assertClose(m, md, relative: 1e-6)
            assertClose(v, vd, relative: 1e-6)
        }
    }

    func testRMSpropPlainCenteredAndMomentumOverThreeSteps() {
        for (centered, momentum) in [(false, 0.0), (true, 0.0), (false, 0.9), (true, 0.5)] {
            var w = random.array(count)
            var v = [Float](repeating: 0, count: count), a = v, mom = v
            var wd = w.map(Double.init), vd = [Double](repeating: 0, count: count), ad = vd, momd = vd
            let lr = 0.01, rho = 0.9, eps = 1e-7
            for _ in 0..<3 {
                let g = random.array(count)
                for i in 0..<count {
                    let gi = Double(g[i])
                    vd[i] = rho * vd[i] + (1 - rho) * gi * gi
                    var denominator = vd[i] + eps
                    if centered {
                        ad[i] = rho * ad[i] + (1 - rho) * gi
                        denominator = vd[i] - ad[i] * ad[i] + eps
                    }
                    let increment = lr * gi / denominator.squareRoot()
                    if momentum > 0 {
                        momd[i] = momentum * momd[i] + increment
                        wd[i] -= momd[i]
                    } else {
                        wd[i] -= increment
                    }
                }
                a.withUnsafeMutableBufferPointer { ap in
                    mom.withUnsafeMutableBufferPointer { mp in
                        rmspropUpdate(weights: &w, gradients: g, velocity: &v, averageGradient: centered ? ap.baseAddress : nil,
                                      momentumBuffer: momentum > 0 ? mp.baseAddress : nil, count: count,
                                      learningRate: Float(lr), rho: Float(rho), momentum: Float(momentum),
                                      epsilon: Float(eps))
                    }
                }
            }
            assertClose(w, wd, relative: 2e-6, "centered=\(centered) momentum=\(momentum)")
        }
    }

    func testAdagradAccumulatesSquaredGradients() {
        var w = random.array(count), acc = [Float](repeating: 0.1, count: count)
        var wd = w.map(Double.init), accd = acc.map(Double.init)
        for _ in 0..<3 {
            let g = random.array(count)
            for i in 0..<count {
                accd[i] += Double(g[i]) * Double(g[i])
                wd[i] -= 0.01 * Double(g[i]) / (accd[i] + 1e-7).squareRoot()
            }
            adagradUpdate(weights: &w, gradients: g, accumulator: &acc, count: count, learningRate: 0.01, epsilon: 1e-7)
        }
        assertClose(w, wd, relative: 1e-6)
        assertClose(acc, accd, relative: 1e-6)
    }

    func testWeightDecayShrinksWeights() {
        var w = random.array(count)
        let expected = w.map { Double($0) * (1 - 0.004 * 0.001) }
        decayWeights(&w, count: count, factor: 0.004 * 0.001)
        assertClose(w, expected, relative: 1e-7)
    }

    func testLargeUpdatesSplitOverThreadsMatchSerialBitForBit() {
        let count = 140_001
        var random = TestRandom(seed: 5)
        let w0 = random.array(count), g = random.array(count)
        func run(_ threads: Int) -> [Float] {
            var w = w0, m = [Float](repeating: 0, count: count), v = m
            withThreads(threads) {
                adamUpdate(weights: &w, gradients: g, m: &m, v: &v, vHat: nil, count: count, alpha: 0.001, beta1: 0.9,
                           beta2: 0.999, epsilon: 1e-7)
                unary(.tanh, w, &w, count: count)
                binary(.add, w, g, &w, count: count)
            }
            return w + m + v
        }
        assertBitIdentical(run(1), run(2))
    }
}
