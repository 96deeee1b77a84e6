import Foundation
import XCTest
@testable import SIMDKernels

final class DenseForwardTests: XCTestCase {
    func reference(_ x: [Float], _ w: [Float], _ bias: [Float]?, m: Int, n: Int, k: Int,
                   _ activation: KernelActivation) -> [Double] {
        var y = referenceGemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: x, lda: k,
                              b: w, ldb: n, beta: 0, c: [Float](repeating: 0, count: m * n), ldc: n)
        for i in 0..<m {
            for j in 0..<n {
                var v = y[i * n + j] + Double(bias?[j] ?? 0)
                switch activation {
                case .linear: break
                case .relu: v = max(v, 0)
                case .sigmoid: v = 1 / (1 + Foundation.exp(-v))
                case .tanh: v = Foundation.tanh(v)
                }
                y[i * n + j] = v
            }
        }
        return y
    }

    func testFusedBiasAndActivationMatchReference() {
        var random = TestRandom(seed: 7)
        for activation in [KernelActivation.linear, .relu, .sigmoid, .tanh] {
            for (m, n, k) in [(1, 1, 1), (7, 9, 33), (13, 17, 65), (64, 40, 300), (6, 16, 8)] {
                let x = random.array(m * k), w = random.array(k * n), bias = random.array(n)
                for useBias in [true, false] {
                    var y = [Float](repeating: .nan, count: m * n)
                    denseForward(m: m, n: n, k: k, x: x, w: w, bias: useBias ? bias : nil, activation: activation,
                                 y: &y)
                    assertClose(y, reference(x, w, useBias ? bias : nil, m: m, n: n, k: k, activation),
                                relative: 2e-5 * Double(k).squareRoot(), "\(activation) \(m)x\(n)x\(k) bias=\(useBias)")
                }
            }
        }
    }

    func testFusedResultsAreBitIdenticalWithOneAndTwoThreads() {
        var random = TestRandom(seed: 8)
        let (m, n, k) = (64, 130, 300)
        let x = random.array(m * k), w = random.array(k * n), bias = random.array(n)
        for activation in [KernelActivation.relu, .sigmoid, .tanh] {
            func run(_ threads: Int) -> [Float] {
                var y = [Float](repeating: .nan, count: m * n)
                withThreads(threads) { denseForward(m: m, n: n, k: k, x: x, w: w, bias: bias, activation: activation, y: &y) }
                return y
            }
            assertBitIdentical(run(1), run(2), "\(activation)")
        }
    }

    func testZeroInputsGiveActivationOfBias() {
        let bias: [Float] = [-1, 0, 2]
        var y = [Float](repeating: .nan, count: 6)
        let dummy: [Float] = [0]
        denseForward(m: 2, n: 3, k: 0, x: dummy, w: dummy, bias: bias, activation: .relu, y: &y)
        XCTAssertEqual(y, [0, 0, 2, 0, 0, 2])
    }
}
