// The nonzero entries of every row of a mostly-zero dataset, found once. Each epoch of training picks every row of
// the dataset again in a new order; reading a row's entries from this index moves a fifth of the bytes that scanning
// its dense values does (MNIST: about 150 entries of 8 bytes against 784 floats), and the rows come from memory,
// not from cache, so the bytes are the time.

/// The rows of a `rows × cols` row-major matrix by their nonzero entries (NaN counts as nonzero, -0 and +0 do
/// not), for `SparseInput.load(_:index:rowIndices:rows:cols:copyTo:)`.
///
/// The index holds no reference to the matrix: pass the same matrix to `load` with it. A row that holds a -0 is
/// always read from the matrix, so that a batch's dense copy keeps its sign.
///
/// ```swift
/// let index = SparseRowIndex(x, rows: 60_000, cols: 784)   // once
/// sparse.load(x, index: index, rowIndices: picked, rows: 64, cols: 784, copyTo: batch)   // every step
/// ```
public final class SparseRowIndex {
    /// Rows of the indexed matrix.
    public let rows: Int
    /// Columns of the indexed matrix.
    public let cols: Int
    /// Entries that are nonzero, over all rows.
    public let nonzeroCount: Int
    /// Row r's entries are `start[r] ..< start[r + 1]`.
    let start: UnsafeMutablePointer<Int>
    /// Each entry's column, by row and in column order within a row.
    let column: UnsafeMutablePointer<Int32>
    /// Each entry's value.
    let value: UnsafeMutablePointer<Float>
    /// Row r's entries in block b of `sourceBlockRows` columns start at `start[r] + blockOffset[r·(blocks + 1) + b]`.
    let blockOffset: UnsafeMutablePointer<Int32>
    /// Whether row r holds a -0 (then it is read from the matrix).
    let readsDense: UnsafeMutablePointer<Bool>

    /// Indexes `x` (`rows × cols`, row-major), reading it once on the kernel threads.
    public init(_ x: UnsafePointer<Float>, rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0 && cols + vecWidth <= Int(Int32.max),
                     "SparseRowIndex needs rows >= 0 and fewer than 2³¹ columns, got \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        let blocks = (cols + sourceBlockRows - 1) / sourceBlockRows
        start = .allocate(capacity: rows + 1)
        readsDense = .allocate(capacity: max(rows, 1))
        blockOffset = .allocate(capacity: max(rows * (blocks + 1), 1))
        let chunks = rows * cols >= parallelLightCount ? min(KernelThreads.count * 4, rows) : 1
        func chunkRows(_ chunk: Int) -> Range<Int> { (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) }
        // 1. Each row's entries (and whether it holds a -0).
        let counts = start + 1, negativeZeros = readsDense
        parallelChunks(chunks, threads: KernelThreads.count) { chunk in
            for row in chunkRows(chunk) {
                let (nonzeros, negativeZero) = rowCounts(x + row * cols, cols: cols)
                counts[row] = nonzeros
                negativeZeros[row] = negativeZero
            }
        }
        // 2. Where each row's entries start.
        start[0] = 0
        for row in 0..<rows { start[row + 1] += start[row] }
        nonzeroCount = start[rows]
        column = .allocate(capacity: max(nonzeroCount, 1))
        value = .allocate(capacity: max(nonzeroCount, 1))
        // 3. The entries, read into a scratch row (`readNonzeros` writes past its last entry) and copied in place.
        let starts = start, columns = column, values = value, offsets = blockOffset
        parallelChunks(chunks, threads: KernelThreads.count) { chunk in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: cols + vecWidth) { scratchColumns in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: cols + vecWidth) { scratchValues in
                    for row in chunkRows(chunk) {
                        let count = readNonzeros(x + row * cols, cols: cols, columns: scratchColumns.baseAddress!,
                                                 values: scratchValues.baseAddress!,
                                                 blockStarts: offsets + row * (blocks + 1), offset: 0)
                        (columns + starts[row]).update(from: scratchColumns.baseAddress!, count: count)
                        (values + starts[row]).update(from: scratchValues.baseAddress!, count: count)
                    }
                }
            }
        }
    }

    /// The nonzero entries (NaN included, ±0 not) of the rows `rowIndices[0..<count]`, from the index alone: what
    /// `SparseInput.nonzeroCount` finds by reading the rows.
    public func nonzeroCount(rowIndices: UnsafePointer<Int>, count: Int) -> Int {
        (0..<count).reduce(0) { $0 + start[rowIndices[$1] + 1] - start[rowIndices[$1]] }
    }

    deinit {
        start.deallocate(); column.deallocate(); value.deallocate(); blockOffset.deallocate(); readsDense.deallocate()
    }
}

/// The nonzero entries of `count` floats (NaN included, ±0 not), and whether one of them is -0.
@inline(__always)
func rowCounts(_ p: UnsafePointer<Float>, cols: Int) -> (nonzeros: Int, negativeZero: Bool) {
    let zero = Vec(repeating: 0), signBit = SIMD8<UInt32>(repeating: 0x8000_0000)
    var nonzeros = SIMD8<Int32>(), negative = SIMD8<Int32>()
    var j = 0
    while j < cols {
        let width = min(vecWidth, cols - j)
        let v = width == vecWidth ? load(p + j) : loadPartial(p + j, width)
        nonzeros &+= SIMD8<Int32>().replacing(with: 1, where: v .!= zero)
        negative &+= SIMD8<Int32>().replacing(with: 1, where: bits(v) .== signBit)
        j += width
    }
    return (Int(nonzeros.wrappedSum()), negative.wrappedSum() != 0)
}
