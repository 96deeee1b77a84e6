// Matrix transpose.

/// Transposes a row-major `rows × cols` matrix into a row-major `cols × rows` one: `y[j, i] = x[i, j]`.
///
/// Works in 32×32 tiles (both reads and writes stay in cache), each made of in-register 8×8 transposes;
/// the ragged border is copied element by element.
/// - Parameters:
///   - x: Input, `rows × cols` floats.
///   - rows: Rows of `x`.
///   - cols: Columns of `x`.
///   - y: Output, `cols × rows` floats; must not overlap `x`.
public func transpose(_ x: UnsafePointer<Float>, rows: Int, cols: Int, _ y: UnsafeMutablePointer<Float>) {
    guard rows > 0, cols > 0 else { return }
    let tile = 32
    var i0 = 0
    while i0 < rows {
        let i1 = min(i0 + tile, rows)
        var j0 = 0
        while j0 < cols {
            let j1 = min(j0 + tile, cols)
            var i = i0
            while i < i1 {
                let height = min(8, i1 - i)
                var j = j0
                while j < j1 {
                    let width = min(8, j1 - j)
                    if height == 8 && width == 8 {
                        transpose8x8(x + i * cols + j, cols, y + j * rows + i, rows)
                    } else {
                        for a in i..<(i + height) {
                            for b in j..<(j + width) { y[b * rows + a] = x[a * cols + b] }
                        }
                    }
                    j += width
                }
                i += height
            }
            j0 = j1
        }
        i0 = i1
    }
}
