import XCTest
@testable import SIMDKernels

final class GlobalPoolingTests: XCTestCase {
    func testGlobalAveragePoolMatchesReference() {
        var random = TestRandom(seed: 61)
        for (batch, height, width, channels) in [(2, 7, 5, 3), (3, 4, 6, 11), (1, 1, 1, 8), (2, 13, 13, 32)] {
            let pixels = height * width
            let x = random.array(batch * pixels * channels)
            var y = [Float](repeating: .nan, count: batch * channels)
            globalAveragePool2DForward(x: x, batch: batch, height: height, width: width, channels: channels, y: &y)
            var expected = [Double](repeating: 0, count: batch * channels)
            for b in 0..<batch {
                for p in 0..<pixels {
                    for c in 0..<channels { expected[b * channels + c] += Double(x[(b * pixels + p) * channels + c]) / Double(pixels) }
                }
            }
            assertClose(y, expected, relative: 1e-6)
            let dy = random.array(batch * channels)
            var dx = [Float](repeating: .nan, count: x.count)
            globalAveragePool2DBackward(dy: dy, batch: batch, height: height, width: width, channels: channels, dx: &dx)
            let expectedDx = (0..<x.count).map { i in Double(dy[i / (pixels * channels) * channels + i % channels]) / Double(pixels) }
            assertClose(dx, expectedDx, relative: 1e-7)
        }
    }

    func testGlobalMaxPoolMatchesReferenceWithTiesAndNegativeInputs() {
        var random = TestRandom(seed: 62)
        for (batch, height, width, channels) in [(2, 7, 5, 3), (3, 4, 6, 11), (1, 1, 1, 8), (2, 3, 3, 16)] {
            let pixels = height * width
            for x in [(0..<batch * pixels * channels).map { _ in Float(Int(random.next() % 3)) - 3 },
                      random.array(batch * pixels * channels, -5, -1)] {
                var y = [Float](repeating: .nan, count: batch * channels)
                globalMaxPool2DForward(x: x, batch: batch, height: height, width: width, channels: channels, y: &y)
                let dy = random.array(batch * channels)
                var dx = [Float](repeating: .nan, count: x.count)
                globalMaxPool2DBackward(x: x, y: y, dy: dy, batch: batch, height: height, width: width,
                                        channels: channels, dx: &dx)
                for b in 0..<batch {
                    for c in 0..<channels {
                        let column = (0..<pixels).map { x[(b * pixels + $0) * channels + c] }
                        let best = column.max()!, ties = column.filter { $0 == best }.count
                        XCTAssertEqual(y[b * channels + c], best)
                        for p in 0..<pixels {
                            let expected = column[p] == best ? dy[b * channels + c] / Float(ties) : 0
                            XCTAssertEqual(dx[(b * pixels + p) * channels + c], expected)
                        }
                    }
                }
            }
        }
    }

    func testGlobalMaxGradientIsSharedEquallyAmongTiedMaxima() {
        var y: [Float] = [.nan], dx = [Float](repeating: .nan, count: 4)
        let x: [Float] = [1, 5, 5, 2]
        globalMaxPool2DForward(x: x, batch: 1, height: 2, width: 2, channels: 1, y: &y)
        globalMaxPool2DBackward(x: x, y: y, dy: [3], batch: 1, height: 2, width: 2, channels: 1, dx: &dx)
        XCTAssertEqual(y, [5])
        XCTAssertEqual(dx, [0, 1.5, 1.5, 0])
    }

    func testGlobalPoolingIsBitIdenticalWithOneAndTwoThreads() {
        let (batch, height, width, channels) = (16, 16, 16, 36)
        var random = TestRandom(seed: 63)
        let x = (0..<batch * height * width * channels).map { _ in Float(Int(random.next() % 7)) * 0.25 }
        let dy = random.array(batch * channels)
        func run(_ threads: Int) -> [Float] {
            var average = [Float](repeating: .nan, count: batch * channels), maximum = average
            var averageDx = [Float](repeating: .nan, count: x.count), maxDx = averageDx
            withThreads(threads) {
                globalAveragePool2DForward(x: x, batch: batch, height: height, width: width, channels: channels, y: &average)
                globalAveragePool2DBackward(dy: dy, batch: batch, height: height, width: width, channels: channels,
                                            dx: &averageDx)
                globalMaxPool2DForward(x: x, batch: batch, height: height, width: width, channels: channels, y: &maximum)
                globalMaxPool2DBackward(x: x, y: maximum, dy: dy, batch: batch, height: height, width: width,
                                        channels: channels, dx: &maxDx)
            }
            return average + averageDx + maximum + maxDx
        }
        let single = run(1)
        assertBitIdentical(single, run(2))
        assertBitIdentical(single, run(3))
    }
}
