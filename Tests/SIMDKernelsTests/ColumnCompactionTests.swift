import XCTest
@testable import SIMDKernels

/// The gathers and scatters behind the all-zero-column compaction, on odd sizes.
final class ColumnCompactionTests: XCTestCase {
    func testNonzeroColumnsFindsEveryColumnWithInkIncludingNaN() {
        for cols in [1, 7, 8, 9, 33] {
            let rows = 3
            var x = [Float](repeating: 0, count: rows * cols)
            var expected: [Int32] = []
            for j in 0..<cols where j % 3 != 1 {
                x[(j % rows) * cols + j] = j == cols - 1 ? .nan : Float(j + 1)
                expected.append(Int32(j))
            }
            var indices = [Int32](repeating: -1, count: cols), scratch = [Float](repeating: 0, count: cols)
            let count = nonzeroColumns(x, rows: rows, cols: cols, indices: &indices, scratch: &scratch)
            XCTAssertEqual(Array(indices.prefix(count)), expected, "cols \(cols)")
        }
    }

    func testGatherThenScatterRoundTrips() {
        let rows = 4, cols = 11, width = 5
        let x = (0..<(rows * cols)).map(Float.init)
        let indices: [Int32] = [0, 3, 4, 10]
        var columns = [Float](repeating: 0, count: rows * indices.count)
        gatherColumns(x, rows: rows, cols: cols, indices: indices, count: indices.count, &columns)
        XCTAssertEqual(Array(columns.prefix(4)), [0, 3, 4, 10])
        XCTAssertEqual(Array(columns.suffix(4)), [33, 36, 37, 43])

        let matrix = (0..<(cols * width)).map(Float.init)
        var picked = [Float](repeating: 0, count: indices.count * width)
        gatherRows(matrix, width: width, indices: indices, count: indices.count, &picked)
        var restored = [Float](repeating: -1, count: cols * width)
        scatterRows(picked, width: width, indices: indices, count: indices.count, &restored, totalRows: cols)
        for row in 0..<cols {
            let expected = indices.contains(Int32(row)) ? Array(matrix[(row * width)..<(row * width + width)])
                : [Float](repeating: 0, count: width)
            XCTAssertEqual(Array(restored[(row * width)..<(row * width + width)]), expected, "row \(row)")
        }
    }
}
