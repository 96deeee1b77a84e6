// Packing for sgemm: B into contiguous kc × 16 panels; a transposed A into 12-row tiles (otherwise A is read in
// place by the micro-kernel).

/// Packs `op(B)[p0 ..< p0+kc, j0 ..< j0+cols]` into panels of 16 columns: panel q holds
/// `dst[q·kc·16 + p·16 + jj] = op(B)[p0 + p, j0 + 16q + jj]`, zero beyond `cols`.
func packB(_ o: GemmOperands, p0: Int, kc: Int, j0: Int, cols: Int, _ dst: UnsafeMutablePointer<Float>) {
    let panels = (cols + tileCols - 1) / tileCols
    var firstPanel = 0
    if !o.transposeB {
        // The full panels row by row of B: each row is read once, front to back (a stream the prefetcher follows),
        // where panel by panel would read 64 bytes from each of kc rows (a stride it does not).
        let fullPanels = cols / tileCols
        var src = o.b + p0 * o.ldb + j0
        for p in 0..<kc {
            var out = dst + p * tileCols
            for q in 0..<fullPanels {
                store(load(src + q * tileCols), out)
                store(load(src + q * tileCols + 8), out + 8)
                out += kc * tileCols
            }
            src += o.ldb
        }
        firstPanel = fullPanels
    }
    for q in firstPanel..<panels {
        let j = j0 + q * tileCols, width = min(tileCols, j0 + cols - j)
        let panel = dst + q * kc * tileCols
        if !o.transposeB {
            var src = o.b + p0 * o.ldb + j
            var out = panel
            if width == tileCols {
                for _ in 0..<kc {
                    store(load(src), out)
                    store(load(src + 8), out + 8)
                    src += o.ldb
                    out += tileCols
                }
            } else {
                for _ in 0..<kc {
                    store(width >= 8 ? load(src) : loadPartial(src, width), out)
                    store(width > 8 ? loadPartial(src + 8, width - 8) : Vec(), out + 8)
                    src += o.ldb
                    out += tileCols
                }
            }
        } else if width == tileCols {
            // Stored B is n × k: transpose 8×8 blocks of rows j ..< j+16 into the panel.
            let src = o.b + j * o.ldb + p0
            var p = 0
            while p + 8 <= kc {
                transpose8x8(src + p, o.ldb, panel + p * tileCols, tileCols)
                transpose8x8(src + 8 * o.ldb + p, o.ldb, panel + p * tileCols + 8, tileCols)
                p += 8
            }
            if p < kc { packTransposedTail(src + p, o.ldb, steps: kc - p, panel + p * tileCols) }
        } else {
            panel.update(repeating: 0, count: kc * tileCols)
            for jj in 0..<width {
                let src = o.b + (j + jj) * o.ldb + p0
                for p in 0..<kc { panel[p * tileCols + jj] = src[p] }
            }
        }
    }
}

/// The last `steps` (< 8) steps of a full 16-column panel of a transposed B (row jj of the stored B at
/// `src + jj·ldb`): the 16 short rows copied into a zero-padded 16 × 8 block and transposed there, 8 × 8 at a time.
/// (Element by element, the compiler turns the strided copy into gathers, which are slow on AMD's cores: kc = 10
/// spent 17% of the product here.)
@inline(__always)
func packTransposedTail(_ src: UnsafePointer<Float>, _ ldb: Int, steps: Int, _ panel: UnsafeMutablePointer<Float>) {
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * 8 * tileCols) { buffer in
        let block = buffer.baseAddress!, transposed = block + 8 * tileCols
        for jj in 0..<tileCols {
            UnsafeMutableRawPointer(block + jj * 8).storeBytes(of: loadFirst8(steps, src + jj * ldb), as: SIMD8<Float>.self)
        }
        transpose8x8(block, 8, transposed, tileCols)
        transpose8x8(block + 8 * 8, 8, transposed + 8, tileCols)
        for q in 0..<steps { storeWide(loadWide(transposed + q * tileCols), panel + q * tileCols) }
    }
}

/// Packs `rows` rows of a transposed A (element (i, p) at `a[p·lda + i]`) for `kc` steps into 12-row tiles: tile t
/// holds `dst[t·12·kc + p·12 + r] = a[p·lda + 12t + r]`, so that the micro-kernel reads it with row stride 1 and
/// step stride 12 (`packedTileOffset`). Rows past `rows` in the last tile are left unset (never read: short tiles
/// clamp to their last row).
func packATiles(_ a: UnsafePointer<Float>, lda: Int, rows: Int, kc: Int, _ dst: UnsafeMutablePointer<Float>) {
    var t = 0
    while t * wideTileRows < rows {
        let r0 = t * wideTileRows, height = min(wideTileRows, rows - r0)
        var src = a + r0, out = dst + r0 * kc
        if height == wideTileRows {
            for _ in 0..<kc {
                store(load(src), out)
                UnsafeMutableRawPointer(out + 8).storeBytes(of: UnsafeRawPointer(src + 8).loadUnaligned(
                    as: SIMD4<Float>.self), as: SIMD4<Float>.self)
                src += lda
                out += wideTileRows
            }
        } else {
            for _ in 0..<kc {
                out.update(from: src, count: height)
                src += lda
                out += wideTileRows
            }
        }
        t += 1
    }
}

/// Where row `row` of a block packed by `packATiles` starts.
@inline(__always)
func packedTileOffset(row: Int, kc: Int) -> Int {
    row / wideTileRows * (wideTileRows * kc) + row % wideTileRows
}
