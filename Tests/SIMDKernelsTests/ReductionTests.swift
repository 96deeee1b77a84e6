import XCTest
@testable import SIMDKernels

final class ReductionTests: XCTestCase {
    func testSumMatchesDoubleReferenceOnEverySizeClass() {
        var random = TestRandom(seed: 11)
        for count in sizeClasses + [0, 2048, 2049, 5000, 100_003] {
            let x = random.array(count)
            let expected = x.reduce(0.0) { $0 + Double($1) }
            let tolerance = 1e-6 * Double(max(count, 1)).squareRoot()
            XCTAssertEqual(Double(sum(x, count: count)), expected, accuracy: tolerance, "count \(count)")
        }
    }

    func testDotMatchesDoubleReference() {
        var random = TestRandom(seed: 12)
        for count in sizeClasses + [0] {
            let x = random.array(count), y = random.array(count)
            let expected = (0..<count).reduce(0.0) { $0 + Double(x[$1]) * Double(y[$1]) }
            XCTAssertEqual(Double(dot(x, y, count: count)), expected, accuracy: 1e-5, "count \(count)")
        }
    }

    func testColumnSumsOverwriteOrAccumulate() {
        var random = TestRandom(seed: 13)
        for rows in [1, 7, 64] {
            for cols in sizeClasses + [40, 70] {
                let x = random.array(rows * cols)
                let sums = (0..<cols).map { j in (0..<rows).reduce(0.0) { $0 + Double(x[$1 * cols + j]) } }
                var out = [Float](repeating: .nan, count: cols)
                columnSums(x, rows: rows, cols: cols, &out, accumulate: false)
                assertClose(out, sums, relative: 1e-5, "\(rows)x\(cols)")
                var acc = [Float](repeating: 1, count: cols)
                columnSums(x, rows: rows, cols: cols, &acc, accumulate: true)
                assertClose(acc, sums.map { $0 + 1 }, relative: 1e-5, "\(rows)x\(cols) accumulate")
            }
        }
    }

    func testRowSumsMaxAndArgmaxMatchReference() {
        var random = TestRandom(seed: 14)
        for rows in [1, 5] {
            for cols in sizeClasses {
                let x = random.array(rows * cols)
                var sums = [Float](repeating: 0, count: rows), maxima = sums
                var indices = [Int](repeating: -1, count: rows)
                rowSums(x, rows: rows, cols: cols, &sums)
                rowMax(x, rows: rows, cols: cols, &maxima)
                rowArgmax(x, rows: rows, cols: cols, &indices)
                for i in 0..<rows {
                    let row = Array(x[i * cols..<(i + 1) * cols])
                    XCTAssertEqual(Double(sums[i]), row.reduce(0.0) { $0 + Double($1) }, accuracy: 1e-5)
                    XCTAssertEqual(maxima[i], row.max()!)
                    XCTAssertEqual(indices[i], row.firstIndex(of: row.max()!)!)
                }
            }
        }
    }

    func testArgmaxTakesFirstOfTiedMaximaAndFirstNaN() {
        let x: [Float] = [1, 3, 3, 0, 2, .nan, 5, .nan]  // two rows of four
        var indices = [Int](repeating: -1, count: 2)
        var maxima = [Float](repeating: 0, count: 2)
        rowArgmax(x, rows: 2, cols: 4, &indices)
        rowMax(x, rows: 2, cols: 4, &maxima)
        XCTAssertEqual(indices, [1, 1])
        XCTAssertEqual(maxima[0], 3)
        XCTAssertTrue(maxima[1].isNaN)
    }

    func testMiddleAxisReductionsMatchReference() {
        var random = TestRandom(seed: 15)
        for (outer, axis, inner) in [(1, 1, 1), (3, 5, 1), (2, 7, 9), (4, 3, 33), (1, 17, 8)] {
            var x = random.array(outer * axis * inner)
            if inner > 1 { x[inner + 1] = x[1] + 0 }  // a tie between a = 0 and a = 1 at i = 1
            var sums = [Float](repeating: .nan, count: outer * inner), maxima = sums
            var indices = [Int](repeating: -1, count: outer * inner)
            reduceSumMiddle(x, outer: outer, axis: axis, inner: inner, &sums)
            reduceMaxMiddle(x, outer: outer, axis: axis, inner: inner, &maxima, argmax: &indices)
            for o in 0..<outer {
                for i in 0..<inner {
                    let column = (0..<axis).map { x[(o * axis + $0) * inner + i] }
                    XCTAssertEqual(Double(sums[o * inner + i]), column.reduce(0.0) { $0 + Double($1) }, accuracy: 1e-5)
                    XCTAssertEqual(maxima[o * inner + i], column.max()!)
                    XCTAssertEqual(indices[o * inner + i], column.firstIndex(of: column.max()!)!)
                }
            }
            var maximaOnly = [Float](repeating: .nan, count: outer * inner)
            reduceMaxMiddle(x, outer: outer, axis: axis, inner: inner, &maximaOnly, argmax: nil)
            XCTAssertEqual(maximaOnly, maxima)
        }
    }
}
