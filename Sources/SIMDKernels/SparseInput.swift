// Products with a mostly-zero input matrix. An MNIST image is about 81% background: a batch of them, stored by
// its nonzero entries, needs a fifth of the multiply-adds in a dense layer's x·W and xᵀ·dz. A term whose input
// is zero adds exactly zero (for finite weights), so skipping it leaves each sum unchanged but for the order of
// its remaining terms.

/// The width of the column panel one task computes: eight AVX2 registers of accumulators.
let panelWidth = 64

/// A batch `x` (`rows × cols`, `rows · (cols + 8) < 2³¹`) kept by its nonzero entries, row by row (for `x·W`) and column by column (for
/// `xᵀ·dz`). The buffers grow as needed and are reused by the next `load`, so a training step allocates nothing.
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
    /// The entries column by column: where each column starts, then row index and value.
    private var columnStart = Buffer<Int32>(), columnRow = Buffer<Int32>(), columnValue = Buffer<Float>()
    /// Per chunk of rows read in parallel, its entries in each column, then where it writes the next one.
    private var chunkColumnCursor = Buffer<Int32>()
    /// For each row, where its entries in each block of `sourceBlockRows` columns start (and where they end).
    private var rowBlockStart = Buffer<Int32>()
    /// For each column, where its entries in each block of `sourceBlockRows` rows start (and where they end).
    private var columnBlockStart = Buffer<Int32>()

    public init() {}

    deinit {
        rowColumn.free(); rowValue.free(); columnStart.free(); columnRow.free(); columnValue.free()
        chunkColumnCursor.free(); rowBlockStart.free(); columnBlockStart.free()
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
    /// Consecutive row ranges are read in parallel. The entries keep the same order whatever the thread count:
    /// by column within a row, by row within a column.
    @discardableResult
    public func load(_ x: UnsafePointer<Float>, rowIndices: UnsafePointer<Int>? = nil, rows: Int, cols: Int) -> Int {
        precondition(rows >= 0 && cols >= 0 && rows * (cols + vecWidth) <= Int(Int32.max),
                     "SparseInput holds up to 2³¹ entries, got \(rows) × \(cols)")
        self.rows = rows
        self.cols = cols
        let columnBlocks = Self.blocks(cols), rowBlocks = Self.blocks(rows)
        let chunks = rows * cols >= parallelLightCount / 4 ? min(KernelThreads.count, rows) : 1
        // A row's entries go to its own stretch of `cols + vecWidth` slots (room for the unconditional copies).
        let rowSlots = cols + vecWidth
        rowColumn.reserve(rows * rowSlots)
        rowValue.reserve(rows * rowSlots)
        rowBlockStart.reserve(rows * (columnBlocks + 1))
        columnBlockStart.reserve(cols * (rowBlocks + 1))
        columnStart.reserve(cols + 1)
        chunkColumnCursor.reserve(chunks * cols)
        let columns = rowColumn.pointer, values = rowValue.pointer, rowBlockStarts = rowBlockStart.pointer
        let chunkCounts = chunkColumnCursor.pointer
        chunkCounts.initialize(repeating: 0, count: chunks * cols)
        func chunkRows(_ chunk: Int) -> Range<Int> { (rows * chunk / chunks)..<(rows * (chunk + 1) / chunks) }
        // 1. Each row's nonzero entries, and per chunk the entries in each column.
        parallelChunks(chunks, threads: chunks) { chunk in
            let counts = chunkCounts + chunk * cols
            for row in chunkRows(chunk) {
                let first = row * rowSlots
                let end = readNonzeros(x + (rowIndices?[row] ?? row) * cols, cols: cols, columns: columns + first, values: values + first,
                                       blockStarts: rowBlockStarts + row * (columnBlocks + 1), offset: first)
                for p in first..<end { counts[Int(columns[p])] &+= 1 }
            }
        }
        // 2. Where each column's entries start, and where each chunk writes its first entry of each column.
        let columnStarts = columnStart.pointer
        var total: Int32 = 0
        for column in 0..<cols {
            columnStarts[column] = total
            for chunk in 0..<chunks {
                let count = chunkCounts[chunk * cols + column]
                chunkCounts[chunk * cols + column] = total
                total &+= count
            }
        }
        columnStarts[cols] = total
        nonzeroCount = Int(total)
        columnRow.reserve(nonzeroCount)
        columnValue.reserve(nonzeroCount)
        // 3. The entries column by column, in row order.
        let rowsOut = columnRow.pointer, valuesOut = columnValue.pointer, columnBlockStarts = columnBlockStart.pointer
        parallelChunks(chunks, threads: chunks) { chunk in
            let cursors = chunkCounts + chunk * cols
            for row in chunkRows(chunk) {
                if row % sourceBlockRows == 0 {
                    for column in 0..<cols {
                        columnBlockStarts[column * (rowBlocks + 1) + row / sourceBlockRows] = cursors[column]
                    }
                }
                let bounds = rowBlockStarts + row * (columnBlocks + 1)
                for p in Int(bounds[0])..<Int(bounds[columnBlocks]) {
                    let column = Int(columns[p])
                    let slot = Int(cursors[column])
                    rowsOut[slot] = Int32(truncatingIfNeeded: row)
                    valuesOut[slot] = values[p]
                    cursors[column] = Int32(truncatingIfNeeded: slot + 1)
                }
            }
        }
        for column in 0..<cols { columnBlockStarts[column * (rowBlocks + 1) + rowBlocks] = columnStarts[column + 1] }
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
        forEachPanelTask(outerCount: rows, n: n) { outer, panel in
            sumPickedRows(entries, outer: outer, sourceRows: sourceRows, source: w, n: n, panel: panel, target: y,
                          epilogue: Epilogue(bias: bias, activation: activation))
        }
    }

    /// `dw = xᵀ·dz` with `dz` (`rows × n`) dense: row c of `dw` sums the rows of `dz` picked by column c's
    /// nonzero entries, in row order (zero for an all-zero column).
    ///
    /// - Parameters:
    ///   - n: Columns of `dz` and `dw`.
    ///   - dz: `rows × n`, row-major.
    ///   - dw: The result, `cols × n` (write-only).
    public func kernelGradient(n: Int, dz: UnsafePointer<Float>, dw: UnsafeMutablePointer<Float>) {
        let entries = SparseEntries(blockStarts: UnsafePointer(columnBlockStart.pointer), blocks: Self.blocks(rows),
                                    index: UnsafePointer(columnRow.pointer), scale: UnsafePointer(columnValue.pointer))
        let sourceRows = rows
        forEachPanelTask(outerCount: cols, n: n) { outer, panel in
            sumPickedRows(entries, outer: outer, sourceRows: sourceRows, source: dz, n: n, panel: panel, target: dw,
                          epilogue: nil)
        }
    }

    /// Runs `body(outerRange, columnRange)` over a grid of tasks covering `0..<outerCount × 0..<n`: column panels of
    /// 64 (the last one narrower), and the outer range cut in pieces when there are few panels. Each output element
    /// belongs to one task, so the result does not depend on the thread count.
    private func forEachPanelTask(outerCount: Int, n: Int, _ body: @escaping (Range<Int>, Range<Int>) -> Void) {
        guard outerCount > 0, n > 0 else { return }
        let panels = (n + panelWidth - 1) / panelWidth
        let flops = 2 * nonzeroCount * n
        let threads = flops >= parallelFlopThreshold ? KernelThreads.count : 1
        let pieces = threads > 1 ? max(1, min(outerCount, (4 * threads + panels - 1) / panels)) : 1
        parallelChunks(panels * pieces, threads: threads) { task in
            let panel = task % panels, piece = task / panels
            let columns = (panel * panelWidth)..<min((panel + 1) * panelWidth, n)
            body((outerCount * piece / pieces)..<(outerCount * (piece + 1) / pieces), columns)
        }
    }
}

/// Writes the nonzero entries of one row (`cols` floats; a NaN counts as nonzero) to `columns`/`values`, and
/// where the entries of each block of `sourceBlockRows` columns start (numbered from `offset`) to `blockStarts`
/// (`blocks + 1` values, the last one the end). Returns `offset` plus the number of entries. Up to 7 slots past
/// the last entry may be written.
@inline(__always)
func readNonzeros(_ source: UnsafePointer<Float>, cols: Int, columns: UnsafeMutablePointer<Int32>,
                  values: UnsafeMutablePointer<Float>, blockStarts: UnsafeMutablePointer<Int32>, offset: Int) -> Int {
    let zero = Vec(repeating: 0), laneBits = SIMD8<Int32>(1, 2, 4, 8, 16, 32, 64, 128)
    let lanesOfMask = UnsafePointer(laneTable)
    var count = 0
    var j = 0
    while j < cols {
        if j % sourceBlockRows == 0 { blockStarts[j / sourceBlockRows] = Int32(truncatingIfNeeded: offset + count) }
        let width = min(vecWidth, cols - j)
        // The nonzero lanes as a bit mask; a table lists them, so the eight copies below are unconditional (the
        // ones past the nonzero lanes are overwritten by the next vector).
        let v = width == vecWidth ? load(source + j) : loadPartial(source + j, width)
        let mask = Int(SIMD8<Int32>(repeating: 0).replacing(with: laneBits, where: v .!= zero).wrappedSum())
        if mask != 0 {
            let lanes = lanesOfMask + mask * vecWidth
            for t in 0..<vecWidth {
                let lane = Int(lanes[t])
                columns[count + t] = Int32(truncatingIfNeeded: j + lane)
                values[count + t] = source[j + lane]
            }
            count += mask.nonzeroBitCount
        }
        j += width
    }
    blockStarts[(cols + sourceBlockRows - 1) / sourceBlockRows] = Int32(truncatingIfNeeded: offset + count)
    return offset + count
}

/// For each 8-bit mask, the indices of its set bits in increasing order, padded with zeros to 8 bytes.
let laneTable: UnsafeMutablePointer<UInt8> = {
    let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256 * vecWidth)
    table.initialize(repeating: 0, count: 256 * vecWidth)
    for mask in 0..<256 {
        var slot = 0
        for lane in 0..<vecWidth where mask & (1 << lane) != 0 {
            table[mask * vecWidth + slot] = UInt8(lane)
            slot += 1
        }
    }
    return table
}()

/// Compressed rows: each entry is an index into the source rows and a scale; outer row o's entries with an index
/// in block b (`b·sourceBlockRows ..< (b + 1)·sourceBlockRows`) are `blockStarts[o·(blocks + 1) + b] ..<
/// blockStarts[o·(blocks + 1) + b + 1]`.
struct SparseEntries {
    let blockStarts: UnsafePointer<Int32>
    let blocks: Int
    let index: UnsafePointer<Int32>
    let scale: UnsafePointer<Float>
}

/// Rows of the source summed per block: a block of 64 rows of a 64-column panel is copied to 16 KiB of
/// contiguous memory, which stays in L1 while every outer row takes its terms from it. (Read in place, rows a
/// power-of-two stride apart share a few cache sets and keep evicting each other.)
let sourceBlockRows = 128

/// `target[o, panel] = Σ_p scale[p] · source[index[p], panel]` for o in `outer`, each sum in order of p.
///
/// The source rows are taken in blocks of `sourceBlockRows`; an outer row's partial sum is kept in `target`
/// between blocks, which leaves the order of the additions unchanged.
@inline(__always)
func sumPickedRows(_ entries: SparseEntries, outer: Range<Int>, sourceRows: Int, source: UnsafePointer<Float>,
                   n: Int, panel: Range<Int>, target: UnsafeMutablePointer<Float>, epilogue: Epilogue?) {
    guard !outer.isEmpty else { return }
    let width = panel.count
    withUnsafeTemporaryAllocation(of: Float.self, capacity: sourceBlockRows * panelWidth) { block in
        let packed = block.baseAddress!
        for b in 0..<entries.blocks {
            let blockStart = b * sourceBlockRows, blockEnd = min(blockStart + sourceBlockRows, sourceRows)
            for r in blockStart..<blockEnd {
                let from = source + r * n + panel.lowerBound, to = packed + (r - blockStart) * width
                if width == panelWidth {
                    for j in stride(from: 0, to: panelWidth, by: vecWidth) { store(load(from + j), to + j) }
                } else {
                    to.update(from: from, count: width)
                }
            }
            let base = UnsafePointer(packed - blockStart * width)
            let isLast = b == entries.blocks - 1
            let finish = isLast ? epilogue.map { Epilogue(bias: $0.bias.map { $0 + panel.lowerBound }, activation: $0.activation) } : nil
            for o in outer {
                let bounds = entries.blockStarts + o * (entries.blocks + 1) + b
                let first = Int(bounds[0]), last = Int(bounds[1])
                if b > 0 && last == first && finish == nil { continue }
                sumScaledRows(count: width, range: first..<last, index: entries.index, scale: entries.scale,
                              source: base, stride: width, target: target + o * n + panel.lowerBound, accumulate: b > 0,
                              epilogue: finish)
            }
        }
    }
}

/// `target[0..<count] (+)= Σ_{p in range} scale[p] · source[index[p]·stride + 0..<count]`, summed in order of p.
@inline(__always)
func sumScaledRows(count: Int, range: Range<Int>, index: UnsafePointer<Int32>, scale: UnsafePointer<Float>,
                   source: UnsafePointer<Float>, stride: Int, target: UnsafeMutablePointer<Float>, accumulate: Bool,
                   epilogue: Epilogue?) {
    if count == panelWidth {
        // Eight independent registers of accumulators: enough to hide the FMA latency.
        var a0 = Vec(repeating: 0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0
        if accumulate {
            a0 = load(target); a1 = load(target + 8); a2 = load(target + 16); a3 = load(target + 24)
            a4 = load(target + 32); a5 = load(target + 40); a6 = load(target + 48); a7 = load(target + 56)
        }
        for p in range {
            let row = source + Int(index[p]) * stride
            let s = Vec(repeating: scale[p])
            a0 = multiplyAdd(a0, s, load(row))
            a1 = multiplyAdd(a1, s, load(row + 8))
            a2 = multiplyAdd(a2, s, load(row + 16))
            a3 = multiplyAdd(a3, s, load(row + 24))
            a4 = multiplyAdd(a4, s, load(row + 32))
            a5 = multiplyAdd(a5, s, load(row + 40))
            a6 = multiplyAdd(a6, s, load(row + 48))
            a7 = multiplyAdd(a7, s, load(row + 56))
        }
        if let epilogue {
            let act = epilogue.activation
            if let bias = epilogue.bias {
                a0 += load(bias); a1 += load(bias + 8); a2 += load(bias + 16); a3 += load(bias + 24)
                a4 += load(bias + 32); a5 += load(bias + 40); a6 += load(bias + 48); a7 += load(bias + 56)
            }
            a0 = activate(a0, act); a1 = activate(a1, act); a2 = activate(a2, act); a3 = activate(a3, act)
            a4 = activate(a4, act); a5 = activate(a5, act); a6 = activate(a6, act); a7 = activate(a7, act)
        }
        store(a0, target); store(a1, target + 8); store(a2, target + 16); store(a3, target + 24)
        store(a4, target + 32); store(a5, target + 40); store(a6, target + 48); store(a7, target + 56)
        return
    }
    var j = 0
    while j < count {
        let width = min(vecWidth, count - j)
        var acc = Vec(repeating: 0)
        if accumulate { acc = width == vecWidth ? load(target + j) : loadPartial(target + j, width) }
        for p in range {
            let row = source + Int(index[p]) * stride + j
            let values = width == vecWidth ? load(row) : loadPartial(row, width)
            acc = multiplyAdd(acc, Vec(repeating: scale[p]), values)
        }
        if width == vecWidth { store(acc, target + j) } else { storePartial(acc, target + j, width) }
        j += width
    }
    if let epilogue { finishRow(target, count: count, bias: epilogue.bias, activation: epilogue.activation) }
}

/// What the last block of a sum applies before storing: `act(sum + bias)`.
struct Epilogue {
    let bias: UnsafePointer<Float>?
    let activation: KernelActivation
}

/// `row = act(row + bias)` over `count` floats.
@inline(__always)
func finishRow(_ row: UnsafeMutablePointer<Float>, count: Int, bias: UnsafePointer<Float>?, activation: KernelActivation) {
    var j = 0
    while j < count {
        let width = min(vecWidth, count - j)
        var v = width == vecWidth ? load(row + j) : loadPartial(row + j, width)
        if let bias { v += width == vecWidth ? load(bias + j) : loadPartial(bias + j, width) }
        v = activate(v, activation)
        if width == vecWidth { store(v, row + j) } else { storePartial(v, row + j, width) }
        j += width
    }
}

/// A growable buffer that keeps its storage between uses.
struct Buffer<Element> {
    private(set) var pointer = UnsafeMutablePointer<Element>.allocate(capacity: 1)
    private(set) var capacity = 1

    /// Makes room for `count` elements (the contents are not kept).
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        pointer.deallocate()
        capacity = max(count, capacity * 2)
        pointer = .allocate(capacity: capacity)
    }

    /// Releases the storage.
    func free() { pointer.deallocate() }
}
