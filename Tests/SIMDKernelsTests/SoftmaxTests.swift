import Foundation
import XCTest
@testable import SIMDKernels

final class SoftmaxTests: XCTestCase {
    func referenceLogSoftmax(_ row: [Float]) -> [Double] {
        let m = Double(row.max()!)
        let logSum = Foundation.log(row.reduce(0.0) { $0 + Foundation.exp(Double($1) - m) })
        return row.map { Double($0) - m - logSum }
    }

    func testSoftmaxRowsSumToOneAndMatchReference() {
        var random = TestRandom(seed: 16)
        for cols in sizeClasses {
            let rows = 3
            let x = random.array(rows * cols, -20, 20)
            var y = [Float](repeating: .nan, count: rows * cols)
            softmaxRows(x, &y, rows: rows, cols: cols)
            for r in 0..<rows {
                let row = Array(x[r * cols..<(r + 1) * cols])
                let out = Array(y[r * cols..<(r + 1) * cols])
                XCTAssertEqual(out.reduce(0.0) { $0 + Double($1) }, 1, accuracy: 1e-6)
                assertClose(out, referenceLogSoftmax(row).map { Foundation.exp($0) }, relative: 1e-6)
            }
        }
    }

    func testLogSoftmaxMatchesReferenceInPlace() {
        var random = TestRandom(seed: 17)
        for cols in sizeClasses {
            let rows = 2
            let x = random.array(rows * cols, -30, 30)
            var y = x
            y.withUnsafeMutableBufferPointer { logSoftmaxRows($0.baseAddress!, $0.baseAddress!, rows: rows, cols: cols) }
            for r in 0..<rows {
                assertClose(Array(y[r * cols..<(r + 1) * cols]), referenceLogSoftmax(Array(x[r * cols..<(r + 1) * cols])),
                            relative: 1e-6)
            }
        }
    }

    func testSoftmaxIsStableForHugeLogits() {
        let x: [Float] = [1000, 1000, -1000, 3e38]
        var y = [Float](repeating: 0, count: 4)
        softmaxRows(x, &y, rows: 2, cols: 2)
        XCTAssertEqual(y, [0.5, 0.5, 0, 1])
        logSoftmaxRows(x, &y, rows: 2, cols: 2)
        XCTAssertEqual(y[0], -Float(Foundation.log(2.0)))
        XCTAssertEqual(y[3], 0)
    }
}
