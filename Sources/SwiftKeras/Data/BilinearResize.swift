/// Resizes an image bilinearly as `tf.image.resize(method="bilinear")` does (TensorFlow's `ResizeBilinear` with
/// half-pixel centers, no antialiasing), in Float32 as TensorFlow computes it:
///
///     source = (i + 0.5) · (inSize / outSize) - 0.5,   lower = max(⌊source⌋, 0),
///     upper = min(⌈source⌉, inSize - 1),   t = source - ⌊source⌋
///     top = a + (b - a) · tx,  bottom = c + (d - c) · tx,  value = top + (bottom - top) · ty
///
/// - Parameters:
///   - pixels: `height × width × channels` samples, row-major.
///   - height, width, channels: the source size.
///   - newHeight, newWidth: the output size.
/// - Returns: `newHeight × newWidth × channels` floats.
func resizeBilinear(_ pixels: [UInt8], height: Int, width: Int, channels: Int,
                    newHeight: Int, newWidth: Int) -> [Float] {
    struct Weight { let lower: Int, upper: Int, t: Float }
    func weights(_ output: Int, _ input: Int) -> [Weight] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { index in
            let source = (Float(index) + 0.5) * scale - 0.5
            let floor = source.rounded(.down)
            return Weight(lower: Swift.max(Int(floor), 0), upper: Swift.min(Int(source.rounded(.up)), input - 1),
                          t: source - floor)
        }
    }
    let rows = weights(newHeight, height), columns = weights(newWidth, width)
    var out = [Float](repeating: 0, count: newHeight * newWidth * channels)
    for (row, y) in rows.enumerated() {
        for (column, x) in columns.enumerated() {
            for channel in 0..<channels {
                func sample(_ r: Int, _ c: Int) -> Float { Float(pixels[(r * width + c) * channels + channel]) }
                let topLeft = sample(y.lower, x.lower), topRight = sample(y.lower, x.upper)
                let bottomLeft = sample(y.upper, x.lower), bottomRight = sample(y.upper, x.upper)
                let top = topLeft + (topRight - topLeft) * x.t
                let bottom = bottomLeft + (bottomRight - bottomLeft) * x.t
                out[(row * newWidth + column) * channels + channel] = top + (bottom - top) * y.t
            }
        }
    }
    return out
}
