// Compaction of all-zero input columns. MNIST images are mostly background: in a batch of 64 images only about
// 490 of the 784 pixel columns hold ink in some image. A dense layer's x·W and xᵀ·dz skip the other columns
// exactly (their terms are 0), so the first layer's products shrink by a third.

/// Writes the indices of the columns of `x` (`rows × cols`, row-major) that hold a nonzero (or NaN) value in some
/// row, in increasing order, and returns how many there are.
///
/// - Parameters:
///   - x: the matrix.
///   - rows: its row count.
///   - cols: its column count.
///   - indices: room for `cols` indices.
///   - scratch: room for `cols` floats.
public func nonzeroColumns(_ x: UnsafePointer<Float>, rows: Int, cols: Int, indices: UnsafeMutablePointer<Int32>,
                           scratch: UnsafeMutablePointer<Float>) -> Int {
    scratch.initialize(repeating: 0, count: cols)
    let one = Vec(repeating: 1), zero = Vec(repeating: 0)
    for row in 0..<rows {
        let source = x + row * cols
        var j = 0
        while j + vecWidth <= cols {
            let seen = load(scratch + j).replacing(with: one, where: load(source + j) .!= zero)
            store(seen, scratch + j)
            j += vecWidth
        }
        while j < cols {
            if source[j] != 0 || source[j].isNaN { scratch[j] = 1 }
            j += 1
        }
    }
    var count = 0
    for j in 0..<cols where scratch[j] != 0 {
        indices[count] = Int32(j)
        count += 1
    }
    return count
}

/// `y[r, i] = x[r, indices[i]]`: the columns `indices` of `x` (`rows × cols`) as a `rows × count` matrix.
public func gatherColumns(_ x: UnsafePointer<Float>, rows: Int, cols: Int, indices: UnsafePointer<Int32>, count: Int,
                          _ y: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let source = x + row * cols, target = y + row * count
        for i in 0..<count { target[i] = source[Int(indices[i])] }
    }
}

/// `y[i, :] = x[indices[i], :]`: the rows `indices` of `x` (rows of `width` values) as a `count × width` matrix.
public func gatherRows(_ x: UnsafePointer<Float>, width: Int, indices: UnsafePointer<Int32>, count: Int,
                       _ y: UnsafeMutablePointer<Float>) {
    for i in 0..<count { (y + i * width).update(from: x + Int(indices[i]) * width, count: width) }
}

/// `y[indices[i], :] = x[i, :]` and every other row of `y` (`totalRows × width`) set to zero.
public func scatterRows(_ x: UnsafePointer<Float>, width: Int, indices: UnsafePointer<Int32>, count: Int,
                        _ y: UnsafeMutablePointer<Float>, totalRows: Int) {
    var next = 0
    for i in 0..<count {
        let row = Int(indices[i])
        if row > next { (y + next * width).update(repeating: 0, count: (row - next) * width) }
        (y + row * width).update(from: x + i * width, count: width)
        next = row + 1
    }
    if totalRows > next { (y + next * width).update(repeating: 0, count: (totalRows - next) * width) }
}

/// `y[i, :] = x[offset + rows[i], :]` for i in `0..<count`: a batch of samples picked from a dataset. Rows are
/// read from scattered places in memory, so large batches are split over the kernel threads (each row is copied
/// by exactly one thread).
public func gatherRows(_ x: UnsafePointer<Float>, width: Int, rows: UnsafePointer<Int>, offset: Int, count: Int,
                       _ y: UnsafeMutablePointer<Float>) {
    guard count > 0, width > 0 else { return }
    let threads = count * width >= 1 << 16 ? min(KernelThreads.count, count) : 1
    if threads <= 1 {
        for i in 0..<count { (y + i * width).update(from: x + (offset + rows[i]) * width, count: width) }
        return
    }
    let source = UncheckedSendable(x), target = UncheckedSendable(y), picked = UncheckedSendable(rows)
    parallelChunks(threads, threads: threads) { chunk in
        for i in (count * chunk / threads)..<(count * (chunk + 1) / threads) {
            (target.value + i * width).update(from: source.value + (offset + picked.value[i]) * width, count: width)
        }
    }
}
