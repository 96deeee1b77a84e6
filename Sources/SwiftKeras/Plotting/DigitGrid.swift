/// Writes a PNG grid of grayscale images, each with its caption centred underneath: the picture of test
/// digits with their true and predicted labels that the Keras tutorials draw with matplotlib.
///
/// Pixel values are read as 0...255 when the largest value exceeds 1, otherwise as 0...1 and multiplied by
/// 255; values outside the range are clamped. Images are drawn as matplotlib's `cmap="gray"` does: 0 black.
/// - Parameters:
///   - images: `[N, H, W]`, `[N, H, W, 1]`, or `[N, P]` with `P` a perfect square (28 x 28 = 784 for MNIST).
///   - captions: One caption per image, e.g. `"label 7 / pred 7"`; `"\n"` starts a second line.
///   - columns: Images per row, at least 1 (fewer when there are fewer images).
///   - scale: Screen pixels per image pixel, 1...32.
///   - path: The PNG file to write; missing folders are created.
/// - Throws: `SwiftKerasError.shapeMismatch` for an unusable shape, `.invalidArgument` for a caption count
///   that differs from N or a bad `columns` or `scale`, `.invalidData` for NaN pixels, `.io` when writing fails.
public func plotDigits(_ images: Tensor, captions: [String], columns: Int = 4, scale: Int = 4,
                       to path: String) throws {
    let (canvas, _) = try renderDigits(images, captions: captions, columns: columns, scale: scale)
    try canvas.write(to: path, grayscale: true)
}

/// Where `plotDigits` puts each image and caption on its canvas.
struct DigitGridLayout: Equatable {
    /// Source image size in image pixels.
    let imageWidth: Int, imageHeight: Int
    /// Screen pixels per image pixel, and per font pixel of the captions.
    let scale: Int, textScale: Int
    /// Grid size in cells.
    let columns: Int, rows: Int
    /// One cell: the scaled image above its caption, plus `gap` above and below and `sidePadding` beside.
    let cellWidth: Int, cellHeight: Int
    /// Empty pixels above and below each cell's content and between the image and its caption.
    let gap: Int
    /// Empty pixels left and right of each cell's content.
    let sidePadding: Int

    /// The canvas width: `columns` cells.
    var canvasWidth: Int { columns * cellWidth }
    /// The canvas height: `rows` cells.
    var canvasHeight: Int { rows * cellHeight }

    /// The top-left canvas pixel of image `index`, filled row by row.
    func imageOrigin(_ index: Int) -> (x: Int, y: Int) {
        let (row, column) = index.quotientAndRemainder(dividingBy: columns)
        return (column * cellWidth + (cellWidth - imageWidth * scale) / 2, row * cellHeight + gap)
    }

    /// The top of the caption text under image `index`.
    func captionTop(_ index: Int) -> Int { imageOrigin(index).y + imageHeight * scale + gap }
}

/// Draws the grid `plotDigits` writes and returns it with its layout.
func renderDigits(_ images: Tensor, captions: [String], columns: Int, scale: Int) throws
    -> (RasterCanvas, DigitGridLayout) {
    let (count, height, width) = try digitImageSize(images.shape)
    guard images.scalars.count == count * height * width else {
        throw SwiftKerasError.shapeMismatch(
            "plotDigits: images of shape \(images.shape) hold \(images.scalars.count) values, expected "
                + "\(count * height * width)")
    }
    guard captions.count == count else {
        throw SwiftKerasError.invalidArgument(
            "plotDigits: got \(captions.count) captions for \(count) images; pass exactly one caption per image")
    }
    guard columns >= 1, (1...32).contains(scale) else {
        throw SwiftKerasError.invalidArgument(
            "plotDigits: columns \(columns) and scale \(scale) are invalid; expected columns >= 1 and scale in 1...32")
    }
    if let bad = images.scalars.firstIndex(where: { !$0.isFinite }) {
        throw SwiftKerasError.invalidData(
            "plotDigits: image \(bad / (height * width)) has a non-finite pixel (\(images.scalars[bad])) at "
                + "flat index \(bad)")
    }
    let peak = images.scalars.max() ?? 0
    let toByte: Float = peak > 1 ? 1 : 255

    let textScale = max(1, scale / 2)
    let gap = max(6, 2 * scale)
    let captionSizes = captions.map { RasterCanvas.textSize($0, scale: textScale) }
    let captionWidth = captionSizes.map(\.width).max() ?? 0
    // Descenders reach two font pixels below the last baseline.
    let captionHeight = (captionSizes.map(\.height).max() ?? 0) + 2 * textScale
    let usedColumns = min(columns, count)
    let layout = DigitGridLayout(
        imageWidth: width, imageHeight: height, scale: scale, textScale: textScale,
        columns: usedColumns, rows: (count + usedColumns - 1) / usedColumns,
        cellWidth: max(width * scale, captionWidth) + 2 * max(8, 3 * scale),
        cellHeight: height * scale + captionHeight + 3 * gap, gap: gap, sidePadding: max(8, 3 * scale))

    var canvas = try RasterCanvas(width: layout.canvasWidth, height: layout.canvasHeight, background: .white)
    for index in 0..<count {
        let start = index * height * width
        let levels = images.scalars[start..<start + height * width].map { value in
            UInt8(min(max(value * toByte, 0), 255).rounded())
        }
        let origin = layout.imageOrigin(index)
        try canvas.drawGrayscale(levels, width: width, height: height, x: origin.x, y: origin.y, scale: scale)
        let cellLeft = (index % usedColumns) * layout.cellWidth
        for (lineIndex, line) in captions[index].split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineWidth = RasterCanvas.textSize(String(line), scale: textScale).width
            canvas.drawText(String(line), x: cellLeft + (layout.cellWidth - lineWidth) / 2,
                            y: layout.captionTop(index) + lineIndex * BitmapFont.lineHeight * textScale,
                            scale: textScale, color: .black)
        }
    }
    return (canvas, layout)
}

/// `(N, H, W)` of an image batch shaped `[N, H, W]`, `[N, H, W, 1]` or `[N, H * W]` with `H == W`.
private func digitImageSize(_ shape: [Int]) throws -> (count: Int, height: Int, width: Int) {
    let expected = "expected [N, H, W], [N, H, W, 1] or [N, P] with P a perfect square such as 784"
    guard shape.allSatisfy({ $0 >= 1 }) else {
        throw SwiftKerasError.shapeMismatch("plotDigits: images have shape \(shape) with an empty dimension; \(expected)")
    }
    switch shape.count {
    case 2:
        let side = Int(Double(shape[1]).squareRoot().rounded())
        guard side * side == shape[1] else {
            throw SwiftKerasError.shapeMismatch(
                "plotDigits: images have shape \(shape) and \(shape[1]) pixels each is not a square number; \(expected)")
        }
        return (shape[0], side, side)
    case 3:
        return (shape[0], shape[1], shape[2])
    case 4 where shape[3] == 1:
        return (shape[0], shape[1], shape[2])
    default:
        throw SwiftKerasError.shapeMismatch("plotDigits: images have shape \(shape); \(expected)")
    }
}
