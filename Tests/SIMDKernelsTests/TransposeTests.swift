import XCTest
@testable import SIMDKernels

final class TransposeTests: XCTestCase {
    func testTransposeSwapsIndicesOnEverySizeClass() {
        for rows in [1, 7, 33, 40] {
            for cols in [1, 8, 31, 65] {
                let x = (0..<rows * cols).map(Float.init)
                var y = [Float](repeating: .nan, count: rows * cols)
                transpose(x, rows: rows, cols: cols, &y)
                for i in 0..<rows { for j in 0..<cols where y[j * rows + i] != x[i * cols + j] {
                    XCTFail("\(rows)x\(cols) at (\(i), \(j))"); return
                } }
            }
        }
    }
}
