// Reductions over one axis of an N-d tensor viewed as [outer, axis, inner].

/// Sum over the middle axis: `out[o, i] = Σ_a x[o, a, i]`, summed in `a` order (pairwise when `inner == 1`).
///
/// - Parameters:
///   - x: Input, `outer × axis × inner` floats.
///   - outer: Product of the dimensions before the reduced axis.
///   - axis: Length of the reduced axis.
///   - inner: Product of the dimensions after the reduced axis.
///   - out: Result, `outer × inner` floats (zeros when `axis == 0`).
public func reduceSumMiddle(_ x: UnsafePointer<Float>, outer: Int, axis: Int, inner: Int,
                            _ out: UnsafeMutablePointer<Float>) {
    guard outer > 0, inner > 0 else { return }
    if inner == 1 {
        rowSums(x, rows: outer, cols: axis, out)
        return
    }
    for o in 0..<outer {
        columnSums(x + o * axis * inner, rows: axis, cols: inner, out + o * inner, accumulate: false)
    }
}

/// Maximum over the middle axis: `out[o, i] = max_a x[o, a, i]`, with `argmax[o, i]` the first `a` reaching it.
///
/// A NaN wins over any number (the first NaN's index is reported), as NumPy's `max`/`argmax`.
/// - Parameters:
///   - x: Input, `outer × axis × inner` floats.
///   - outer: Product of the dimensions before the reduced axis.
///   - axis: Length of the reduced axis (≥ 1; for 0, `out` is -inf and `argmax` 0).
///   - inner: Product of the dimensions after the reduced axis.
///   - out: Result, `outer × inner` floats.
///   - argmax: Optional result, `outer × inner` indices into the reduced axis.
public func reduceMaxMiddle(_ x: UnsafePointer<Float>, outer: Int, axis: Int, inner: Int,
                            _ out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int>?) {
    guard outer > 0, inner > 0 else { return }
    guard axis > 0 else {
        out.update(repeating: -.infinity, count: outer * inner)
        argmax?.update(repeating: 0, count: outer * inner)
        return
    }
    if inner == 1 {
        rowMax(x, rows: outer, cols: axis, out)
        if let argmax { rowArgmax(x, rows: outer, cols: axis, argmax) }
        return
    }
    for o in 0..<outer {
        let base = x + o * axis * inner
        let best = out + o * inner
        best.update(from: base, count: inner)
        if let argmax { (argmax + o * inner).update(repeating: 0, count: inner) }
        for a in 1..<axis {
            let row = base + a * inner
            if let argmax {
                let index = argmax + o * inner
                for i in 0..<inner {
                    let v = row[i], b = best[i]
                    if v > b || (v.isNaN && !b.isNaN) { best[i] = v; index[i] = a }
                }
            } else {
                for i in 0..<inner {
                    let v = row[i], b = best[i]
                    if v > b || (v.isNaN && !b.isNaN) { best[i] = v }
                }
            }
        }
    }
}
