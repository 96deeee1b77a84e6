import XCTest
@testable import SIMDKernels

/// A `rows × cols` batch in which about `density` of the entries are nonzero.
func sparseBatch(rows: Int, cols: Int, density: Double, seed: UInt64) -> [Float] {
    var random = TestRandom(seed: seed)
    return (0..<(rows * cols)).map { _ in
        Double(random.next() % 1000) < density * 1000 ? random.uniform(0.01, 1) : 0
    }
}

func reference(rows: Int, cols: Int, n: Int, x: [Float], w: [Float], bias: [Float]) -> [Double] {
    var y = [Double](repeating: 0, count: rows * n)
    for i in 0..<rows {
        for j in 0..<n {
            var sum = Double(bias[j])
            for k in 0..<cols { sum += Double(x[i * cols + k]) * Double(w[k * n + j]) }
            y[i * n + j] = max(sum, 0)
        }
    }
    return y
}

func transposedProduct(rows: Int, cols: Int, n: Int, x: [Float], dz: [Float]) -> [Double] {
    var dw = [Double](repeating: 0, count: cols * n)
    for k in 0..<cols {
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<rows { sum += Double(x[i * cols + k]) * Double(dz[i * n + j]) }
            dw[k * n + j] = sum
        }
    }
    return dw
}

/// Runs the forward and weight-gradient products and returns (y, dw).
func products(_ sparse: SparseInput, rows: Int, cols: Int, n: Int, x: [Float], w: [Float], bias: [Float],
              dz: [Float]) -> ([Float], [Float]) {
    var y = [Float](repeating: .nan, count: rows * n), dw = [Float](repeating: .nan, count: cols * n)
    sparse.load(x, rows: rows, cols: cols)
    sparse.denseForward(n: n, w: w, bias: bias, activation: .relu, y: &y)
    sparse.kernelGradient(n: n, dz: dz, dw: &dw)
    return (y, dw)
}

/// `SparseInput`: products with a mostly-zero batch against a double-precision reference, on every size class.
final class SparseInputTests: XCTestCase {
    func testProductsMatchReferenceOnEverySizeClass() {
        let sparse = SparseInput()
        var random = TestRandom(seed: 11)
        // Widths below a vector, between vectors, one panel, several panels; inputs and batches across blocks.
        for (rows, cols, n) in [(1, 1, 1), (3, 7, 5), (9, 17, 8), (17, 33, 15), (5, 65, 64), (33, 130, 65),
                                (130, 300, 100), (200, 257, 130), (7, 9, 200)] {
            for density in [0.0, 0.2, 1.0] {
                let x = sparseBatch(rows: rows, cols: cols, density: density, seed: UInt64(rows * cols + n))
                let w = random.array(cols * n), bias = random.array(n), dz = random.array(rows * n)
                let (y, dw) = products(sparse, rows: rows, cols: cols, n: n, x: x, w: w, bias: bias, dz: dz)
                XCTAssertEqual(sparse.nonzeroCount, x.filter { $0 != 0 }.count)
                let label = "rows \(rows) cols \(cols) n \(n) density \(density)"
                assertClose(y, reference(rows: rows, cols: cols, n: n, x: x, w: w, bias: bias), relative: 1e-5, label)
                assertClose(dw, transposedProduct(rows: rows, cols: cols, n: n, x: x, dz: dz), relative: 1e-5, label)
            }
        }
    }

    func testReusedAfterALargerBatch() {
        let sparse = SparseInput()
        var random = TestRandom(seed: 5)
        for (rows, cols, n) in [(150, 400, 70), (3, 20, 9)] {
            let x = sparseBatch(rows: rows, cols: cols, density: 0.3, seed: UInt64(rows))
            let w = random.array(cols * n), bias = random.array(n), dz = random.array(rows * n)
            let (y, dw) = products(sparse, rows: rows, cols: cols, n: n, x: x, w: w, bias: bias, dz: dz)
            assertClose(y, reference(rows: rows, cols: cols, n: n, x: x, w: w, bias: bias), relative: 1e-5)
            assertClose(dw, transposedProduct(rows: rows, cols: cols, n: n, x: x, dz: dz), relative: 1e-5)
        }
    }

    func testNaNInputIsKeptAndNegativeZeroIsSkipped() {
        let rows = 3, cols = 10, n = 4
        var x = [Float](repeating: 0, count: rows * cols)
        x[1 * cols + 4] = .nan
        x[2 * cols + 6] = -0.0
        x[0 * cols + 2] = 2
        let w = [Float](repeating: 1, count: cols * n), bias = [Float](repeating: 0, count: n)
        let dz = [Float](repeating: 1, count: rows * n)
        let sparse = SparseInput()
        let (y, dw) = products(sparse, rows: rows, cols: cols, n: n, x: x, w: w, bias: bias, dz: dz)
        XCTAssertEqual(sparse.nonzeroCount, 2)
        XCTAssertEqual(Array(y[0..<n]), [2, 2, 2, 2])
        XCTAssertTrue(y[n..<(2 * n)].allSatisfy(\.isNaN), "a NaN input makes its row NaN, as the dense product")
        XCTAssertEqual(Array(y[(2 * n)...]), [0, 0, 0, 0])
        XCTAssertTrue(dw[(4 * n)..<(5 * n)].allSatisfy(\.isNaN))
        XCTAssertEqual(Array(dw[(2 * n)..<(3 * n)]), [2, 2, 2, 2])
        XCTAssertEqual(Array(dw[(6 * n)..<(7 * n)]), [0, 0, 0, 0])
    }

    func testRowsPickedByIndexAndTheDensitySample() {
        let rows = 6, cols = 21, n = 9
        var x = sparseBatch(rows: rows, cols: cols, density: 0.3, seed: 2)
        x[3 * cols + 20] = .nan
        x[4 * cols + 1] = -0.0
        let picked = [4, 0, 3, 3]
        let gathered = picked.flatMap { x[($0 * cols)..<($0 * cols + cols)] }
        var random = TestRandom(seed: 4)
        let w = random.array(cols * n), bias = random.array(n)
        let direct = SparseInput(), copied = SparseInput()
        var y1 = [Float](repeating: 0, count: picked.count * n), y2 = y1
        picked.withUnsafeBufferPointer { direct.load(x, rowIndices: $0.baseAddress, rows: picked.count, cols: cols) }
        copied.load(gathered, rows: picked.count, cols: cols)
        direct.denseForward(n: n, w: w, bias: bias, activation: .linear, y: &y1)
        copied.denseForward(n: n, w: w, bias: bias, activation: .linear, y: &y2)
        XCTAssertEqual(y1.map(\.bitPattern), y2.map(\.bitPattern))
        let expected = gathered.prefix(3 * cols).filter { $0 != 0 || $0.isNaN }.count
        let sampled = picked.withUnsafeBufferPointer {
            SparseInput.nonzeroCount(x, rowIndices: $0.baseAddress, sampleRows: 3, cols: cols)
        }
        XCTAssertEqual(sampled, expected)
    }

    /// Rows read from a `SparseRowIndex` give the same entries, products and dense copy, bit for bit, as rows found
    /// in the matrix: with NaN, a row holding a -0 (read from the matrix), an empty row and rows picked twice, on one
    /// and two threads.
    func testRowsReadFromTheIndexMatchRowsReadFromTheMatrix() {
        let datasetRows = 300, cols = 130, n = 140
        var x = sparseBatch(rows: datasetRows, cols: cols, density: 0.2, seed: 21)
        x[5 * cols + 7] = .nan
        x[9 * cols + 3] = -0.0
        for c in 0..<cols { x[11 * cols + c] = 0 }
        var random = TestRandom(seed: 22)
        let w = random.array(cols * n), bias = random.array(n)
        let index = SparseRowIndex(x, rows: datasetRows, cols: cols)
        XCTAssertEqual(index.nonzeroCount, x.filter { $0 != 0 || $0.isNaN }.count)
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        for threads in [1, 2] {
            KernelThreads.count = threads
            for picked in [[5, 9, 11, 0, 299, 9], (0..<200).map { ($0 * 37 + 11) % datasetRows }] {
                let rows = picked.count, dz = random.array(rows * n)
                func read(_ index: SparseRowIndex?) -> (dense: [Float], y: [Float], dw: [Float], count: Int) {
                    let sparse = SparseInput()
                    var dense = [Float](repeating: .nan, count: rows * cols)
                    var y = [Float](repeating: .nan, count: rows * n), dw = [Float](repeating: .nan, count: cols * n)
                    let count = picked.withUnsafeBufferPointer {
                        sparse.load(x, index: index, rowIndices: $0.baseAddress, rows: rows, cols: cols, copyTo: &dense)
                    }
                    sparse.denseForward(n: n, w: w, bias: bias, activation: .relu, y: &y)
                    sparse.kernelGradient(n: n, dz: dz, dw: &dw)
                    return (dense, y, dw, count)
                }
                let scanned = read(nil), indexed = read(index)
                let label = "\(threads) threads, \(rows) rows"
                picked.withUnsafeBufferPointer {
                    XCTAssertEqual(index.nonzeroCount(rowIndices: $0.baseAddress!, count: rows),
                                   SparseInput.nonzeroCount(x, rowIndices: $0.baseAddress!, sampleRows: rows, cols: cols),
                                   label)
                }
                XCTAssertEqual(indexed.count, scanned.count, label)
                XCTAssertEqual(indexed.dense.map(\.bitPattern), scanned.dense.map(\.bitPattern), label)
                XCTAssertEqual(indexed.y.map(\.bitPattern), scanned.y.map(\.bitPattern), label)
                XCTAssertEqual(indexed.dw.map(\.bitPattern), scanned.dw.map(\.bitPattern), label)
                XCTAssertEqual(scanned.dense.map(\.bitPattern), picked.flatMap { x[($0 * cols)..<($0 * cols + cols)] }.map(\.bitPattern))
            }
        }
    }

    func testResultsAreBitIdenticalWithOneAndTwoThreads() {
        let rows = 200, cols = 784, n = 512
        var random = TestRandom(seed: 3)
        let x = sparseBatch(rows: rows, cols: cols, density: 0.2, seed: 9)
        let w = random.array(cols * n), bias = random.array(n), dz = random.array(rows * n)
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        KernelThreads.count = 1
        let serial = products(SparseInput(), rows: rows, cols: cols, n: n, x: x, w: w, bias: bias, dz: dz)
        KernelThreads.count = 2
        let parallel = products(SparseInput(), rows: rows, cols: cols, n: n, x: x, w: w, bias: bias, dz: dz)
        XCTAssertEqual(serial.0, parallel.0)
        XCTAssertEqual(serial.1, parallel.1)
    }

    /// `xᵀ·dz` by pairs of columns equals, bit for bit, each column's own sum of fused multiply-adds over its
    /// nonzero rows in row order: the other column's zero terms change nothing. Odd and even column counts, pairs
    /// with one or both columns present, batches read in place and in blocks, panels of every width, 1 and 2 threads.
    func testKernelGradientEqualsEachColumnsOwnSumInRowOrder() {
        var random = TestRandom(seed: 31)
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        for (rows, cols, n) in [(7, 9, 5), (70, 33, 130), (200, 784, 64), (130, 65, 200), (3, 1, 17)] {
            var x = sparseBatch(rows: rows, cols: cols, density: 0.4, seed: UInt64(rows + cols))
            for i in stride(from: 0, to: rows, by: 3) { x[i * cols] = -x[i * cols] }
            let dz = random.array(rows * n, -2, 2)
            var expected = [Float](repeating: 0, count: cols * n)
            for k in 0..<cols {
                for j in 0..<n {
                    var sum: Float = 0
                    for i in 0..<rows where x[i * cols + k] != 0 { sum.addProduct(x[i * cols + k], dz[i * n + j]) }
                    expected[k * n + j] = sum
                }
            }
            for threads in [1, 2] {
                KernelThreads.count = threads
                let sparse = SparseInput()
                var dw = [Float](repeating: .nan, count: cols * n)
                sparse.load(x, rows: rows, cols: cols)
                sparse.kernelGradient(n: n, dz: dz, dw: &dw)
                XCTAssertEqual(dw.map(\.bitPattern), expected.map(\.bitPattern),
                               "rows \(rows) cols \(cols) n \(n), \(threads) threads")
            }
        }
    }

    func testSquareRootKeepsIEEESemanticsAndMatchesScalar() {
        var random = TestRandom(seed: 8)
        let values = random.array(1000, 0, 1000) + [0, -0.0, 1, 4, .infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        var out = [Float](repeating: 0, count: values.count)
        unary(.sqrt, values, &out, count: values.count)
        for (value, root) in zip(values, out) {
            XCTAssertEqual(root.bitPattern, value.squareRoot().bitPattern, "√\(value)")
        }
        let special: [Float] = [-1, -.infinity, .nan, -0.0, -.leastNonzeroMagnitude, 9, 2, 0]
        unary(.sqrt, special, &out, count: special.count)
        XCTAssertTrue(out[0].isNaN && out[1].isNaN && out[2].isNaN && out[4].isNaN)
        XCTAssertEqual(out[3].bitPattern, (-0.0 as Float).bitPattern)
        XCTAssertEqual(Array(out[5..<8]), [3, Float(2).squareRoot(), 0])
    }
}
