/// An RGB raster to draw plots on: rectangles, anti-aliased lines and dots, bitmap text and scaled
/// grayscale images, saved as PNG.
///
/// Coordinates are in pixels from the top-left corner; pixel `(i, j)` covers `[i, i + 1) x [j, j + 1)`, so
/// its centre is `(i + 0.5, j + 0.5)`. Drawing outside the canvas is clipped, never an error.
public struct RasterCanvas: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Row-major RGB bytes, three per pixel, top row first.
    public private(set) var pixels: [UInt8]

    /// The largest number of pixels a canvas may have (a 10000 x 10000 picture).
    public static let maximumPixelCount = 100_000_000

    /// Creates a canvas filled with `background`.
    ///
    /// - Parameters:
    ///   - width: Pixels per row, at least 1.
    ///   - height: Rows, at least 1.
    ///   - background: The initial colour of every pixel.
    /// - Throws: `SwiftKerasError.invalidArgument` when a side is below 1 or the area exceeds
    ///   `maximumPixelCount`.
    public init(width: Int, height: Int, background: RGBColor = .white) throws {
        guard width >= 1, height >= 1, width <= Self.maximumPixelCount / height else {
            throw SwiftKerasError.invalidArgument(
                "canvas size \(width) x \(height) is invalid: both sides must be at least 1 and the area at most "
                    + "\(Self.maximumPixelCount) pixels")
        }
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        for index in 0..<(width * height) {
            pixels[3 * index] = background.red
            pixels[3 * index + 1] = background.green
            pixels[3 * index + 2] = background.blue
        }
    }

    /// The colour of pixel `(x, y)`; both must be inside the canvas.
    public subscript(x: Int, y: Int) -> RGBColor {
        require(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) outside \(width) x \(height)")
        let offset = 3 * (y * width + x)
        return RGBColor(pixels[offset], pixels[offset + 1], pixels[offset + 2])
    }

    /// Sets pixel `(x, y)` to `color`; ignored outside the canvas.
    public mutating func setPixel(x: Int, y: Int, to color: RGBColor) {
        blend(x: x, y: y, color: color, coverage: 1)
    }

    /// Fills the rectangle whose top-left pixel is `(x, y)` with `color`, clipped to the canvas.
    ///
    /// - Parameters:
    ///   - x: Left column.
    ///   - y: Top row.
    ///   - width: Columns to fill; nothing is drawn when it is 0 or less.
    ///   - height: Rows to fill; nothing is drawn when it is 0 or less.
    ///   - color: The fill colour.
    public mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: RGBColor) {
        let columns = max(0, x)..<min(self.width, x + max(0, width))
        let rows = max(0, y)..<min(self.height, y + max(0, height))
        for row in rows { for column in columns { setPixel(x: column, y: row, to: color) } }
    }

    /// Draws the one-pixel outline of the rectangle whose top-left pixel is `(x, y)`.
    public mutating func strokeRect(x: Int, y: Int, width: Int, height: Int, color: RGBColor) {
        fillRect(x: x, y: y, width: width, height: 1, color: color)
        fillRect(x: x, y: y + height - 1, width: width, height: 1, color: color)
        fillRect(x: x, y: y, width: 1, height: height, color: color)
        fillRect(x: x + width - 1, y: y, width: 1, height: height, color: color)
    }

    /// Draws an anti-aliased straight line with round ends.
    ///
    /// - Parameters:
    ///   - start: One end, in continuous pixel coordinates.
    ///   - end: The other end.
    ///   - thickness: The line's width in pixels.
    ///   - color: The line colour.
    public mutating func drawLine(from start: (x: Double, y: Double), to end: (x: Double, y: Double),
                                  thickness: Double = 1, color: RGBColor) {
        drawPolyline([start, end], thickness: thickness, color: color)
    }

    /// Draws connected anti-aliased segments through `points`, solid or dashed.
    ///
    /// A pixel's coverage is `clamp(thickness / 2 + 0.5 - d, 0, 1)` where `d` is the distance from its centre
    /// to the segment. A dashed line is on where the arc length from the first point, modulo
    /// `2 * dashLength`, is below `dashLength`.
    /// - Parameters:
    ///   - points: The vertices in order; fewer than two draw nothing.
    ///   - thickness: The line's width in pixels.
    ///   - color: The line colour.
    ///   - dashLength: The length of each dash and each gap in pixels; 0 draws a solid line.
    public mutating func drawPolyline(_ points: [(x: Double, y: Double)], thickness: Double = 1,
                                      color: RGBColor, dashLength: Double = 0) {
        guard points.count >= 2 else { return }
        let radius = max(thickness, 0.5) / 2
        var travelled = 0.0
        for index in 1..<points.count {
            let (a, b) = (points[index - 1], points[index])
            let (dx, dy) = (b.x - a.x, b.y - a.y)
            let length = (dx * dx + dy * dy).squareRoot()
            let reach = radius + 1
            let left = Self.clampedIndex(min(a.x, b.x) - reach, below: width)
            let right = Self.clampedIndex(max(a.x, b.x) + reach, below: width)
            let top = Self.clampedIndex(min(a.y, b.y) - reach, below: height)
            let bottom = Self.clampedIndex(max(a.y, b.y) + reach, below: height)
            defer { travelled += length.isFinite ? length : 0 }
            guard length.isFinite, left <= right, top <= bottom else { continue }
            for row in top...bottom {
                for column in left...right {
                    let (px, py) = (Double(column) + 0.5 - a.x, Double(row) + 0.5 - a.y)
                    let along = length > 0 ? min(max((px * dx + py * dy) / (length * length), 0), 1) : 0
                    let (ex, ey) = (px - along * dx, py - along * dy)
                    let coverage = min(max(radius + 0.5 - (ex * ex + ey * ey).squareRoot(), 0), 1)
                    guard coverage > 0 else { continue }
                    if dashLength > 0 {
                        let position = (travelled + along * length).truncatingRemainder(dividingBy: 2 * dashLength)
                        if position >= dashLength { continue }
                    }
                    blend(x: column, y: row, color: color, coverage: coverage)
                }
            }
        }
    }

    /// Fills an anti-aliased disc: coverage `clamp(radius + 0.5 - d, 0, 1)` at distance `d` from the centre.
    ///
    /// - Parameters:
    ///   - centerX: The centre's x, in continuous pixel coordinates.
    ///   - centerY: The centre's y.
    ///   - radius: The radius in pixels.
    ///   - color: The fill colour.
    public mutating func fillCircle(centerX: Double, centerY: Double, radius: Double, color: RGBColor) {
        guard centerX.isFinite, centerY.isFinite, radius.isFinite, radius > 0 else { return }
        let left = Self.clampedIndex(centerX - radius - 1, below: width)
        let right = Self.clampedIndex(centerX + radius + 1, below: width)
        let top = Self.clampedIndex(centerY - radius - 1, below: height)
        let bottom = Self.clampedIndex(centerY + radius + 1, below: height)
        guard left <= right, top <= bottom else { return }
        for row in top...bottom {
            for column in left...right {
                let (dx, dy) = (Double(column) + 0.5 - centerX, Double(row) + 0.5 - centerY)
                let coverage = min(max(radius + 0.5 - (dx * dx + dy * dy).squareRoot(), 0), 1)
                if coverage > 0 { blend(x: column, y: row, color: color, coverage: coverage) }
            }
        }
    }

    /// Draws `text` in the built-in 5 x 7 bitmap font, each font pixel a `scale` x `scale` square.
    ///
    /// - Parameters:
    ///   - text: The text; `"\n"` starts a new line.
    ///   - x: The left edge of the first character.
    ///   - y: The top of the capitals of the first line.
    ///   - scale: The integer magnification, at least 1.
    ///   - color: The text colour.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGBColor = .black) {
        let scale = max(1, scale)
        for (lineIndex, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let top = y + lineIndex * BitmapFont.lineHeight * scale
            for (characterIndex, character) in line.enumerated() {
                let left = x + characterIndex * BitmapFont.advance * scale
                for (rowIndex, bits) in BitmapFont.rows(for: character).enumerated() {
                    for column in 0..<5 where bits & (0x10 >> UInt8(column)) != 0 {
                        fillRect(x: left + column * scale, y: top + rowIndex * scale, width: scale, height: scale,
                                 color: color)
                    }
                }
            }
        }
    }

    /// The size `drawText` gives `text`: the widest line, and the lines' height down to the baseline of the
    /// last one (descenders reach `2 * scale` further).
    ///
    /// - Parameters:
    ///   - text: The text; `"\n"` starts a new line.
    ///   - scale: The integer magnification, at least 1.
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let scale = max(1, scale)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let longest = lines.map(\.count).max() ?? 0
        let width = longest == 0 ? 0 : (longest * BitmapFont.advance - 1) * scale
        return (width, ((lines.count - 1) * BitmapFont.lineHeight + BitmapFont.ascent) * scale)
    }

    /// Copies a grayscale image onto the canvas, each source pixel a `scale` x `scale` square.
    ///
    /// - Parameters:
    ///   - levels: Row-major gray levels, 0 black to 255 white, `width * height` of them.
    ///   - width: The source image's width.
    ///   - height: The source image's height.
    ///   - x: The left column on the canvas.
    ///   - y: The top row on the canvas.
    ///   - scale: The integer magnification, at least 1.
    /// - Throws: `SwiftKerasError.invalidArgument` when `levels` has the wrong count or `scale < 1`.
    public mutating func drawGrayscale(_ levels: [UInt8], width: Int, height: Int, x: Int, y: Int,
                                       scale: Int = 1) throws {
        guard width >= 0, height >= 0, levels.count == width * height, scale >= 1 else {
            throw SwiftKerasError.invalidArgument(
                "grayscale image has \(levels.count) levels and scale \(scale); expected width * height = "
                    + "\(width) * \(height) levels and a scale of at least 1")
        }
        for row in 0..<height {
            for column in 0..<width {
                fillRect(x: x + column * scale, y: y + row * scale, width: scale, height: scale,
                         color: RGBColor(gray: levels[row * width + column]))
            }
        }
    }

    /// The canvas as a PNG picture: RGB, or grayscale from the red channel when `grayscale` is true.
    public func pngImage(grayscale: Bool = false) -> PNGImage {
        if grayscale {
            let levels = stride(from: 0, to: pixels.count, by: 3).map { pixels[$0] }
            return try! PNGImage(width: width, height: height, colorType: .grayscale, pixels: levels)
        }
        return try! PNGImage(width: width, height: height, colorType: .rgb, pixels: pixels)
    }

    /// Writes the canvas to `path` as a PNG file, atomically.
    ///
    /// - Parameters:
    ///   - path: The destination; missing folders are created.
    ///   - grayscale: Store one gray byte per pixel (the red channel) instead of RGB.
    /// - Throws: `SwiftKerasError.io` when the file cannot be written.
    public func write(to path: String, grayscale: Bool = false) throws {
        try pngImage(grayscale: grayscale).write(to: path)
    }

    /// The pixel index containing coordinate `value`, clamped into the canvas's `0..<limit` so that any
    /// value, however large, converts safely.
    private static func clampedIndex(_ value: Double, below limit: Int) -> Int {
        guard !value.isNaN else { return 0 }
        return Int(min(max(value.rounded(.down), 0), Double(limit - 1)))
    }

    /// Mixes `color` into pixel `(x, y)`: `new = old + coverage * (color - old)`; ignored outside the canvas.
    private mutating func blend(x: Int, y: Int, color: RGBColor, coverage: Double) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let offset = 3 * (y * width + x)
        if coverage >= 1 {
            pixels[offset] = color.red
            pixels[offset + 1] = color.green
            pixels[offset + 2] = color.blue
            return
        }
        for (channel, value) in [color.red, color.green, color.blue].enumerated() {
            let old = Double(pixels[offset + channel])
            pixels[offset + channel] = UInt8((old + coverage * (Double(value) - old)).rounded())
        }
    }
}
