// Products with a mostly-zero input matrix. An MNIST image is about 81% background: a batch of them, stored by
// its nonzero entries, needs a fifth of the multiply-adds in a dense layer's x·W and xᵀ·dz. A term whose input
// is zero adds exactly zero (for finite weights), so skipping it leaves each sum unchanged but for the order of
// its remaining terms.

import Synchronization

/// The width of the column panel one task computes: eight AVX2 registers of accumulators.
let panelWidth = 64

/// The panel width for the matrix kernel in use: eight registers of accumulators, 8 or 16 lanes each. Each output
/// element is the same sum in the same order whatever the width.
var currentPanelWidth: Int { MatrixKernel.current == .avx512 ? widePanelWidth : panelWidth }

/// How many rows ahead `SparseInput.load` asks for the rows of a dataset it reads.
let prefetchRows = 2

/// Where `touchLines`'s result may go, so that its loads are not optimized away.
let touchSink = Atomic<UInt32>(0)

/// Loads four bytes from each 64-byte line of the `count` 4-byte values at `p`, so that the lines are on their way
/// to the cache when they are read (Swift has no prefetch instruction); returns their bits or-ed together.
@inline(__always)
func touchLines<T>(_ p: UnsafePointer<T>, count: Int) -> UInt32 {
    let raw = UnsafeRawPointer(p)
    var bits: UInt32 = 0
    for offset in stride(from: 0, to: count * 4, by: 64) { bits |= raw.load(fromByteOffset: offset, as: UInt32.self) }
    return bits
}

/// The panel width with AVX-512: eight sixteen-lane registers.
let widePanelWidth = 128

/// A row's entries (`count` column indices in increasing order, and their values) by pairs of columns, written
/// to `pairs` (the pair, c for columns 2c and 2c + 1) and `pairValues` (two values per pair, 0 for a column without
/// an entry); returns how many pairs. Each pair found is counted in `counts`. Without branches (whether a pair is
/// complete is a coin toss): an entry in column 2c + 1 right after one in 2c joins that entry's pair and keeps its
/// value; any other entry opens a pair.
@inline(__always)
func pairUp(_ columns: UnsafePointer<Int32>, _ values: UnsafePointer<Float>, count: Int,
            pairs: UnsafeMutablePointer<Int32>, pairValues: UnsafeMutablePointer<Float>,
            counts: UnsafeMutablePointer<Int32>) -> Int {
    var previous: Int32 = -2, previousBits: UInt32 = 0, slot = -1
    for p in 0..<count {
        let column = columns[p], bits = values[p].bitPattern
        let odd = column & 1, joins = odd & (previous == column &- 1 ? 1 : 0)
        slot += Int(1 &- joins)
        pairs[slot] = column >> 1
        let oddMask = 0 &- UInt32(bitPattern: odd), keptMask = 0 &- UInt32(bitPattern: joins)
        let low = bits & ~oddMask | previousBits & keptMask, high = bits & oddMask
        UnsafeMutableRawPointer(pairValues + 2 * slot).storeBytes(of: UInt64(low) | UInt64(high) << 32, as: UInt64.self)
        previous = column
        previousBits = bits
    }
    // Counted afterwards: a row's pairs are all different, so no count waits on the one before.
    for q in 0..<(slot + 1) { counts[Int(pairs[q])] &+= 1 }
    return slot + 1
}

/// A batch `x` (`rows × cols`, `rows · (cols + 8) < 2³¹`) kept by its nonzero entries, row by row (for `x·W`) and
/// column by column, or by pairs of columns from `pairedRows` rows on (for `xᵀ·dz`). The buffers grow as needed
/// and are reused by the next `load`, so a training step allocates nothing.
///
/// ```swift
/// let sparse = SparseInput()
/// if sparse.load(x, rows: 64, cols: 784) <= 64 * 784 / 3 {
///     sparse.denseForward(n: 128, w: kernel, bias: bias, activation: .relu, y: y)
///     sparse.kernelGradient(n: 128, dz: dz, dw: dw)
/// }
/// ```
public final class SparseInput {
    /// Rows of the loaded matrix.
    public private(set) var rows = 0
    /// Columns of the loaded matrix.
    public private(set) var cols = 0
    /// Entries that are nonzero (NaN counts as nonzero).
    public private(set) var nonzeroCount = 0

    /// The entries row by row (each row in its own stretch of `cols + 8` slots): column index and value.
    private var rowColumn = Buffer<Int32>(), rowValue = Buffer<Float>()
    /// The entries by groups of `groupWidth` columns (one, or two: 2c and 2c + 1): where each group starts, then for
    /// each row with an entry in the group its index and the group's values (0 for a column without an entry).
    private var columnStart = Buffer<Int32>(), columnRow = Buffer<Int32>(), columnValue = Buffer<Float>()
    /// The entries row by row by pairs of columns (each row in its own stretch of `(cols + 1) / 2` slots): the pair
    /// and its two values (see `pairUp`), and each row's number of pairs.
    private var rowPair = Buffer<Int32>(), rowPairValue = Buffer<Float>(), rowPairCount = Buffer<Int32>()
    /// Per chunk of rows read in parallel, its entries in each group of columns; then where the chunk's next entry
    /// in each group goes.
    private var chunkColumnCursor = Buffer<Int32>()
    /// For each row, where its entries in each block of `sourceBlockRows` columns start (and where they end).
    private var rowBlockStart = Buffer<Int32>()
    /// For each group of columns, where its entries in each block of `sourceBlockRows` rows start (and where they
    /// end).
    private var columnBlockStart = Buffer<Int32>()
    /// Columns per group in the column-by-column form: 2 from `pairedRows` rows on, else 1.
    private var groupWidth = 1

    /// From this many rows on, `xᵀ·dz` sums pairs of columns together (each `dz` row loaded once for both) and the
    /// entries are kept by pairs. KernelBenchmark --sparse, real MNIST, two threads, load of shuffled rows by the
    /// index plus xᵀ·dz, best of six alternated runs: 200 rows 348 → 278 µs, 128 rows 215 → 182; but 64 rows
    /// 46 → 54, 50 rows 48 → 54 (pairing the rows' entries costs more than the sums save).
    static let pairedRows = 2 * sourceBlockRows

    /// Creates an empty holder; buffers grow on first use.
    public init() {}

    deinit {
        rowColumn.free(); rowValue.free(); columnStart.free(); columnRow.free(); columnValue.free()
        chunkColumnCursor.free(); rowBlockStart.free(); columnBlockStart.free()
        rowPair.free(); rowPairValue.free(); rowPairCount.free()
    }

    /// The nonzero entries (NaN included) of the first `sampleRows` rows of `x` (`rows × cols`; row r is
    /// `rowIndices[r]` when given): a cheap estimate of the density before `load`.
    public static func nonzeroCount(_ x: UnsafePointer<Float>, rowIndices: UnsafePointer<Int>? = nil, sampleRows: Int,
                                    cols: Int) -> Int {
        let zero = Vec(repeating: 0)
        var count = SIMD8<Int32>()
        for row in 0..<sampleRows {
            let source = x + (rowIndices?[row] ?? row) * cols
            var j = 0
            while j < cols {
                let width = min(vecWidth, cols - j)
                let v = width == vecWidth ? SIMDKernels.load(source + j) : loadPartial(source + j, width)
                count &+= SIMD8<Int32>(repeating: 0).replacing(with: 1, where: v .!= zero)
                j += width
            }
        }
        return Int(count.wrappedSum())
    }

    /// Blocks of `sourceBlockRows` in `count`.
    private static func blocks(_ count: Int) -> Int { (count + sourceBlockRows - 1) / sourceBlockRows }

    /// Reads the nonzero entries of `x` (`rows × cols`, row-major) and returns how many there are. With
    /// `rowIndices`, row r is read from row `rowIndices[r]` of `x` (a batch picked from a dataset, without copying it
    /// out first).
    ///
    /// Consecutive row ranges are read in parallel. The entries keep the same order whatever the thread count: by
    /// column within a row, by row within a pair of columns.
    ///
    /// With `copyTo`, each row is also copied there densely (`rows × cols`) while it is in cache: a batch picked
    /// from a dataset is read from memory once for both forms.
    ///
    /// With `index` (a `SparseRowIndex` of `x`), each row's entries are copied from the index instead of found in
    /// `x`, and its dense copy is written from them: the same entries and values, from a fifth of the bytes.
    @discardableResult
    public func load(_ x: UnsafePointer<Float>, index: SparseRowIndex? = nil, rowIndices: UnsafePointer<Int>? = nil,
                     rows: Int, cols: Int, copyTo dense: UnsafeMutablePointer<Float>? = nil) -> Int {
        precondition(rows >= 0 && cols >= 0 && rows * (cols + vecWidth) <= Int(Int32.max),
                     "SparseInput holds up to 2³¹ entries, got \(rows) × \(cols)")
        precondition(index.map { $0.cols == cols } ?? true, "SparseInput.load: the index has \(index?.cols ?? 0) columns, not \(cols)")
        self.rows = rows
        self.cols = cols
        let width = rows >= Self.pairedRows ? 2 : 1
        groupWidth = width
        let columnBlocks = Self.blocks(cols), rowBlocks = Self.blocks(rows), groups = (cols + width - 1) / width
        let chunks = rows * cols >= parallelLightCount / 8 ? min(KernelThreads.count, rows) : 1
        // A row's entries go to its own stretch of `cols + vecWidth` slots (room for the unconditional copies).
        let rowSlots = cols + vecWidth
        rowColumn.reserve(rows * rowSlots)
        rowValue.reserve(rows * rowSlots)
        rowBlockStart.reserve(rows * (columnBlocks + 1))
        columnBlockStart.reserve(groups * (rowBlocks + 1))
        columnStart.reserve(groups + 1)
        chunkColumnCursor.reserve(chunks * groups)
        if width == 2 {
            rowPair.reserve(rows * groups)
            rowPairValue.reserve(2 * rows * groups)
            rowPairCount.reserve(rows)
        }
        let columns = rowColumn.pointer, values = rowValue.pointer, rowBlockStarts = rowBlockStart.pointer
        let rowPairs = rowPair.pointer, rowPairValues = rowPairValue.pointer, rowPairCounts = rowPairCount.pointer
        let chunkCounts = chunkColumnCursor.pointer
        chunkCounts.initialize(repeating: 0, count: chunks * groups)
        func chunkRows(_ chunk: Int) -> Range<Int> { (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) }
        // 1. Each row's nonzero entries (and by pairs of columns), and per chunk the entries in each group.
        parallelChunks(chunks, threads: chunks) { chunk in
            let counts = chunkCounts + chunk * groups
            func group(_ row: Int, _ columns: UnsafePointer<Int32>, _ values: UnsafePointer<Float>, _ count: Int) {
                guard width == 2 else {
                    for p in 0..<count { counts[Int(columns[p])] &+= 1 }
                    return
                }
                rowPairCounts[row] = Int32(truncatingIfNeeded: pairUp(columns, values, count: count,
                                                                      pairs: rowPairs + row * groups,
                                                                      pairValues: rowPairValues + 2 * row * groups,
                                                                      counts: counts))
            }
            let range = chunkRows(chunk)
            var touched: UInt32 = 0
            for row in range {
                // Rows picked from a dataset come from memory: ask for the next rows' cache lines before they are read.
                if let rowIndices, row + prefetchRows < range.upperBound {
                    let ahead = rowIndices[row + prefetchRows]
                    if let index, !index.readsDense[ahead] {
                        let from = index.start[ahead], count = index.start[ahead + 1] - from
                        touched |= touchLines(index.value + from, count: count)
                        touched |= touchLines(index.column + from, count: count)
                    } else {
                        touched |= touchLines(x + ahead * cols, count: cols)
                    }
                }
                let first = row * rowSlots
                let sourceRow = rowIndices?[row] ?? row
                if let index, !index.readsDense[sourceRow] {
                    let from = index.start[sourceRow], count = index.start[sourceRow + 1] - from
                    let entryColumns = index.column + from, entryValues = index.value + from
                    (columns + first).update(from: entryColumns, count: count)
                    (values + first).update(from: entryValues, count: count)
                    let offsets = index.blockOffset + sourceRow * (columnBlocks + 1)
                    let starts = rowBlockStarts + row * (columnBlocks + 1), base = Int32(truncatingIfNeeded: first)
                    for b in 0...columnBlocks { starts[b] = offsets[b] &+ base }
                    if let out = dense?.advanced(by: row * cols) {
                        out.update(repeating: 0, count: cols)
                        for p in 0..<count { out[Int(entryColumns[p])] = entryValues[p] }
                    }
                    group(row, entryColumns, entryValues, count)
                    continue
                }
                let source = x + sourceRow * cols
                let end = readNonzeros(source, cols: cols, columns: columns + first, values: values + first,
                                       blockStarts: rowBlockStarts + row * (columnBlocks + 1), offset: first)
                dense?.advanced(by: row * cols).update(from: source, count: cols)
                group(row, columns + first, values + first, end - first)
            }
            if touched == 0x7FC0_0001 { touchSink.store(touched, ordering: .relaxed) }
        }
        // 2. Where each group's entries start, and where each chunk's entries in each group start: the chunks'
        // counts become their write cursors.
        let groupStarts = columnStart.pointer
        var total: Int32 = 0
        for group in 0..<groups {
            groupStarts[group] = total
            for chunk in 0..<chunks {
                let count = chunkCounts[chunk * groups + group]
                chunkCounts[chunk * groups + group] = total
                total &+= count
            }
        }
        groupStarts[groups] = total
        columnRow.reserve(Int(total))
        columnValue.reserve(width * Int(total))
        // 3. The entries by groups of columns, in row order. A block of rows starts in one chunk, which has then
        // written every entry before it, so the chunks run on threads of their own when there are enough rows to
        // repay the hand-off (KernelBenchmark --sparse, real MNIST: at 64 rows 10 µs either way, at 128 rows 12 µs
        // on two threads against 19 µs on one, at 32 rows 12 µs against 5 µs).
        let rowsOut = columnRow.pointer, valuesOut = columnValue.pointer, groupBlockStarts = columnBlockStart.pointer
        parallelChunks(chunks, threads: rows >= 2 * sourceBlockRows ? chunks : 1) { chunk in
            let cursors = chunkCounts + chunk * groups
            for row in chunkRows(chunk) {
                if row % sourceBlockRows == 0 {
                    for group in 0..<groups {
                        groupBlockStarts[group * (rowBlocks + 1) + row / sourceBlockRows] = cursors[group]
                    }
                }
                let row32 = Int32(truncatingIfNeeded: row)
                if width == 1 {
                    let bounds = rowBlockStarts + row * (columnBlocks + 1)
                    for p in Int(bounds[0])..<Int(bounds[columnBlocks]) {
                        let column = Int(columns[p]), slot = Int(cursors[column])
                        cursors[column] = Int32(truncatingIfNeeded: slot + 1)
                        rowsOut[slot] = row32
                        valuesOut[slot] = values[p]
                    }
                    continue
                }
                let found = rowPairs + row * groups, foundValues = UnsafeRawPointer(rowPairValues + 2 * row * groups)
                for i in 0..<Int(rowPairCounts[row]) {
                    let pair = Int(found[i]), slot = Int(cursors[pair])
                    cursors[pair] = Int32(truncatingIfNeeded: slot + 1)
                    rowsOut[slot] = row32
                    UnsafeMutableRawPointer(valuesOut + 2 * slot).storeBytes(
                        of: foundValues.load(fromByteOffset: 8 * i, as: UInt64.self), as: UInt64.self)
                }
            }
        }
        var entries = 0
        for row in 0..<rows {
            let bounds = rowBlockStarts + row * (columnBlocks + 1)
            entries += Int(bounds[columnBlocks] - bounds[0])
        }
        for group in 0..<groups { groupBlockStarts[group * (rowBlocks + 1) + rowBlocks] = groupStarts[group + 1] }
        nonzeroCount = entries
        return nonzeroCount
    }

    /// `y = act(x·w + bias)` with `w` (`cols × n`) dense: each output row sums the rows of `w` picked by the
    /// row's nonzero entries, in column order, then adds the bias.
    ///
    /// - Parameters:
    ///   - n: Columns of `w` and `y`.
    ///   - w: The kernel, `cols × n`, row-major.
    ///   - bias: `n` floats, or nil.
    ///   - activation: Applied last.
    ///   - y: The output, `rows × n` (write-only).
    public func denseForward(n: Int, w: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                             activation: KernelActivation, y: UnsafeMutablePointer<Float>) {
        let entries = SparseEntries(blockStarts: UnsafePointer(rowBlockStart.pointer), blocks: Self.blocks(cols),
                                    index: UnsafePointer(rowColumn.pointer), scale: UnsafePointer(rowValue.pointer))
        let sourceRows = cols
        // Each task copies its panel of `w` block by block: on a tall batch, one task per panel reads `w` once.
        forEachPanelTask(outerCount: rows, n: n, tasksPerThread: rows >= 128 ? 1 : 4) { outer, panel in
            sumPickedRows(entries, outer: outer, sourceRows: sourceRows, source: w, n: n, panel: panel, target: y,
                          epilogue: Epilogue(bias: bias, activation: activation))
        }
    }

    /// `dw = xᵀ·dz` with `dz` (`rows × n`) dense: row c of `dw` sums the rows of `dz` picked by column c's
    /// nonzero entries, in row order (zero for an all-zero column). From `pairedRows` rows on, rows 2c and 2c + 1
    /// are summed together, each row of `dz` that either picks loaded once; the other column's zero terms leave the
    /// sums unchanged for finite `dz` (see `sumPickedRowPairs`).
    ///
    /// - Parameters:
    ///   - n: Columns of `dz` and `dw`.
    ///   - dz: `rows × n`, row-major.
    ///   - dw: The result, `cols × n` (write-only).
    public func kernelGradient(n: Int, dz: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>) {
        // Kept by pairs of columns, each pair is one "outer row" of these entries, with two scales per entry.
        let entries = SparseEntries(blockStarts: UnsafePointer(columnBlockStart.pointer), blocks: Self.blocks(rows),
                                    index: UnsafePointer(columnRow.pointer), scale: UnsafePointer(columnValue.pointer))
        let sourceRows = rows, cols = cols
        guard groupWidth == 2 else {
            forEachPanelTask(outerCount: cols, n: n) { outer, panel in
                sumPickedRows(entries, outer: outer, sourceRows: sourceRows, source: dz, n: n, panel: panel,
                              target: dw, epilogue: nil)
            }
            return
        }
        forEachPanelTask(outerCount: (cols + 1) / 2, n: n) { pairs, panel in
            sumPickedRowPairs(entries, pairs: pairs, outerCount: cols, sourceRows: sourceRows, source: dz, n: n,
                              panel: panel, target: dw)
        }
    }

    /// Runs `body(outerRange, columnRange)` over a grid of tasks covering `0..<outerCount × 0..<n`: column panels of
    /// 64 or 128 (the last one narrower), and the outer range cut in pieces when there are fewer panels than
    /// `tasksPerThread` per thread. Each output element belongs to one task, so the result does not depend on the
    /// thread count.
    private func forEachPanelTask(outerCount: Int, n: Int, tasksPerThread: Int = 4,
                                  _ body: @escaping (Range<Int>, Range<Int>) -> Void) {
        guard outerCount > 0, n > 0 else { return }
        let panelWidth = currentPanelWidth
        let panels = (n + panelWidth - 1) / panelWidth
        let flops = 2 * nonzeroCount * n
        let threads = flops >= parallelFlopThreshold ? KernelThreads.count : 1
        let pieces = threads > 1 ? max(1, min(outerCount, (tasksPerThread * threads + panels - 1) / panels)) : 1
        parallelChunks(panels * pieces, threads: threads) { task in
            let panel = task % panels, piece = task / panels
            let columns = (panel * panelWidth)..<min((panel + 1) * panelWidth, n)
            body((outerCount * piece / pieces)..<(outerCount * (piece + 1) / pieces), columns)
        }
    }
}
