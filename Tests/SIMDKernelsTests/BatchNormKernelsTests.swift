import XCTest
@testable import SIMDKernels

/// Double-precision references for batch normalization over `[rows, channels]`.
enum BatchNormReference {
    static func column(_ x: [Float], _ channels: Int, _ c: Int) -> [Double] {
        stride(from: c, to: x.count, by: channels).map { Double(x[$0]) }
    }

    static func statistics(_ x: [Float], channels: Int) -> (mean: [Double], variance: [Double]) {
        var mean: [Double] = [], variance: [Double] = []
        for c in 0..<channels {
            let values = column(x, channels, c)
            let m = values.reduce(0, +) / Double(values.count)
            mean.append(m)
            variance.append(values.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(values.count))
        }
        return (mean, variance)
    }

    /// dx, dgamma, dbeta from the definitions, with x̂ = (x − mean)/√(var + ε).
    static func backward(_ x: [Float], _ dy: [Float], channels: Int, mean: [Float], variance: [Float], gamma: [Float],
                         epsilon: Float, training: Bool) -> (dx: [Double], dGamma: [Double], dBeta: [Double]) {
        let rows = x.count / channels
        var dx = [Double](repeating: 0, count: x.count), dGamma: [Double] = [], dBeta: [Double] = []
        for c in 0..<channels {
            let inv = 1 / (Double(variance[c]) + Double(epsilon)).squareRoot()
            let xhat = column(x, channels, c).map { ($0 - Double(mean[c])) * inv }, g = column(dy, channels, c)
            let sumDy = g.reduce(0, +), sumDyXhat = zip(g, xhat).map { $0 * $1 }.reduce(0, +)
            dBeta.append(sumDy)
            dGamma.append(sumDyXhat)
            for r in 0..<rows {
                let centered = training ? g[r] - sumDy / Double(rows) - xhat[r] * sumDyXhat / Double(rows) : g[r]
                dx[r * channels + c] = Double(gamma[c]) * inv * centered
            }
        }
        return (dx, dGamma, dBeta)
    }
}

final class BatchNormKernelsTests: XCTestCase {
    func testStatisticsAreAccurateWhenTheMeanDwarfsTheSpread() {
        var random = TestRandom(seed: 71)
        for (rows, channels) in [(1, 3), (7, 5), (300, 3), (2000, 20), (5000, 33)] {
            // Values around 1000 with a spread of 0.01: float sums of squares would lose every digit.
            let x = (0..<rows * channels).map { i in Float(1000 * (i % channels + 1)) + random.uniform(-0.01, 0.01) }
            var mean = [Float](repeating: .nan, count: channels), variance = mean
            batchNormStatistics(x: x, rows: rows, channels: channels, mean: &mean, variance: &variance)
            let expected = BatchNormReference.statistics(x, channels: channels)
            assertRelative(mean, expected.mean, ulps: 1, "rows \(rows) channels \(channels)")
            if rows == 1 {
                XCTAssertEqual(variance, [Float](repeating: 0, count: channels))
            } else {
                assertRelative(variance, expected.variance, ulps: 2, "rows \(rows) channels \(channels)")
            }
        }
    }

    func testForwardNormalizesScalesAndShifts() {
        var random = TestRandom(seed: 72)
        let (rows, channels) = (37, 11)
        let x = random.array(rows * channels, -3, 5), gamma = random.array(channels, 0.5, 2), beta = random.array(channels)
        var mean = [Float](repeating: 0, count: channels), variance = mean
        batchNormStatistics(x: x, rows: rows, channels: channels, mean: &mean, variance: &variance)
        let epsilon: Float = 1e-3
        var y = [Float](repeating: .nan, count: x.count)
        batchNormForward(x: x, rows: rows, channels: channels, mean: mean, variance: variance, gamma: gamma, beta: beta,
                         epsilon: epsilon, y: &y)
        let expected = (0..<x.count).map { i -> Double in
            let c = i % channels
            return Double(gamma[c]) * (Double(x[i]) - Double(mean[c])) / (Double(variance[c]) + Double(epsilon)).squareRoot()
                + Double(beta[c])
        }
        assertClose(y, expected, relative: 1e-6)
        // Without gamma and beta: zero mean and unit variance (up to ε) per channel.
        batchNormForward(x: x, rows: rows, channels: channels, mean: mean, variance: variance, gamma: nil, beta: nil,
                         epsilon: 0, y: &y)
        let normalized = BatchNormReference.statistics(y, channels: channels)
        assertClose(normalized.mean.map { Float($0) }, [Double](repeating: 0, count: channels), relative: 1e-6)
        assertClose(normalized.variance.map { Float($0) }, [Double](repeating: 1, count: channels), relative: 1e-5)
    }

    func testBackwardMatchesReferenceInTrainingAndInference() {
        var random = TestRandom(seed: 73)
        for (rows, channels) in [(7, 5), (64, 3), (300, 17)] {
            let x = random.array(rows * channels, -2, 3), dy = random.array(rows * channels)
            let gamma = random.array(channels, 0.5, 2), epsilon: Float = 1e-3
            var mean = [Float](repeating: 0, count: channels), variance = mean
            batchNormStatistics(x: x, rows: rows, channels: channels, mean: &mean, variance: &variance)
            for training in [true, false] {
                var dx = [Float](repeating: .nan, count: x.count)
                var dGamma = [Float](repeating: .nan, count: channels), dBeta = dGamma
                batchNormBackward(x: x, dy: dy, rows: rows, channels: channels, mean: mean, variance: variance,
                                  gamma: gamma, epsilon: epsilon, training: training, dx: &dx, dGamma: &dGamma,
                                  dBeta: &dBeta)
                let expected = BatchNormReference.backward(x, dy, channels: channels, mean: mean, variance: variance,
                                                           gamma: gamma, epsilon: epsilon, training: training)
                assertClose(dx, expected.dx, relative: 1e-5, "rows \(rows) training \(training)")
                assertClose(dGamma, expected.dGamma, relative: 1e-6, "rows \(rows) training \(training)")
                assertClose(dBeta, expected.dBeta, relative: 1e-6, "rows \(rows) training \(training)")
            }
        }
    }

    func testBatchNormIsBitIdenticalWithOneAndTwoThreads() {
        var random = TestRandom(seed: 74)
        for (rows, channels) in [(8192, 20), (50_000, 3)] {
            let x = random.array(rows * channels, -1, 4), dy = random.array(rows * channels)
            let gamma = random.array(channels, 0.5, 2), beta = random.array(channels)
            func run(_ threads: Int) -> [Float] {
                var mean = [Float](repeating: .nan, count: channels), variance = mean, dGamma = mean, dBeta = mean
                var y = [Float](repeating: .nan, count: x.count), dx = y
                withThreads(threads) {
                    batchNormStatistics(x: x, rows: rows, channels: channels, mean: &mean, variance: &variance)
                    batchNormForward(x: x, rows: rows, channels: channels, mean: mean, variance: variance, gamma: gamma,
                                     beta: beta, epsilon: 1e-3, y: &y)
                    batchNormBackward(x: x, dy: dy, rows: rows, channels: channels, mean: mean, variance: variance,
                                      gamma: gamma, epsilon: 1e-3, training: true, dx: &dx, dGamma: &dGamma, dBeta: &dBeta)
                }
                return mean + variance + y + dx + dGamma + dBeta
            }
            let single = run(1)
            assertBitIdentical(single, run(2), "rows \(rows) channels \(channels)")
            assertBitIdentical(single, run(3), "rows \(rows) channels \(channels)")
        }
    }
}
