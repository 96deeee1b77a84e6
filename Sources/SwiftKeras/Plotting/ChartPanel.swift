/// One line of a chart: named points drawn as a line with a dot at each point.
struct ChartSeries {
    /// The legend text, e.g. `"val_loss"`.
    let name: String
    /// The points in drawing order; a non-finite `y` breaks the line there.
    let points: [(x: Double, y: Double)]
    /// The line and dot colour.
    let color: RGBColor
    /// Whether the line is dashed (validation series are).
    let dashed: Bool
}

/// One panel of a chart: a title, a legend, a framed plot area with grid lines and tick labels, and series.
struct ChartPanel {
    /// The text above the panel, e.g. `"loss"`.
    let title: String
    /// The series to draw, in legend order.
    let series: [ChartSeries]
    /// The label under the x axis.
    var xTitle = "epoch"

    /// Font magnification for the title, and for the legend and tick labels.
    static let titleScale = 3, labelScale = 2
    /// Line width and dot radius in pixels.
    static let lineThickness = 2.5, dotRadius = 4.0

    /// The plot area's pixel frame inside a panel frame of the given size (left, top, width, height).
    func plotArea(x: Int, y: Int, width: Int, height: Int) -> (x: Int, y: Int, width: Int, height: Int) {
        let range = yRange()
        let ticks = AxisTicks(covering: range.lower, range.upper, targetCount: 7)
        let labelWidth = ticks.values.map { RasterCanvas.textSize(ticks.label($0), scale: Self.labelScale).width }.max() ?? 0
        let left = x + 16 + labelWidth + 10
        let top = y + 14 + 7 * Self.titleScale + 14 + legendRows(width: width).count * legendRowHeight + 6
        let bottom = y + height - (8 + 7 * Self.labelScale + 10 + 7 * Self.labelScale + 14)
        let right = x + width - 24
        return (left, top, max(1, right - left), max(1, bottom - top))
    }

    /// Draws the panel into the frame `(x, y, width, height)` of `canvas`.
    func draw(on canvas: inout RasterCanvas, x: Int, y: Int, width: Int, height: Int) {
        let area = plotArea(x: x, y: y, width: width, height: height)
        let titleWidth = RasterCanvas.textSize(title, scale: Self.titleScale).width
        canvas.drawText(title, x: x + (width - titleWidth) / 2, y: y + 14, scale: Self.titleScale, color: .black)
        drawLegend(on: &canvas, centerX: x + width / 2, top: y + 14 + 7 * Self.titleScale + 14, width: width)

        let (xTicks, yRange) = (self.xTicks(), self.yRange())
        let yTicks = AxisTicks(covering: yRange.lower, yRange.upper, targetCount: 7)
        // The x axis spans the data (ticks may start after the first epoch), padded by 3% or half an epoch.
        let xs = series.flatMap { $0.points.map(\.x) }
        let (xLow, xHigh) = (xs.min() ?? 1, xs.max() ?? 1)
        let xPad = max(0.5, (xHigh - xLow) * 0.03)
        let xRange = (xLow - xPad, xHigh + xPad)
        func pixelX(_ value: Double) -> Double {
            Double(area.x) + (value - xRange.0) / (xRange.1 - xRange.0) * Double(area.width)
        }
        func pixelY(_ value: Double) -> Double {
            Double(area.y + area.height) - (value - yRange.lower) / (yRange.upper - yRange.lower) * Double(area.height)
        }

        let labelHeight = 7 * Self.labelScale
        for value in yTicks.values where value >= yRange.lower && value <= yRange.upper {
            let row = min(area.y + area.height - 1, Int(pixelY(value)))
            canvas.fillRect(x: area.x, y: row, width: area.width, height: 1, color: .gridGray)
            canvas.fillRect(x: area.x - 6, y: row, width: 6, height: 1, color: .textGray)
            let label = yTicks.label(value)
            let labelWidth = RasterCanvas.textSize(label, scale: Self.labelScale).width
            canvas.drawText(label, x: area.x - 10 - labelWidth, y: row - labelHeight / 2, scale: Self.labelScale,
                            color: .textGray)
        }
        for value in xTicks.values {
            let column = Int(pixelX(value))
            canvas.fillRect(x: column, y: area.y, width: 1, height: area.height, color: .gridGray)
            canvas.fillRect(x: column, y: area.y + area.height, width: 1, height: 6, color: .textGray)
            let label = xTicks.label(value)
            let labelWidth = RasterCanvas.textSize(label, scale: Self.labelScale).width
            canvas.drawText(label, x: column - labelWidth / 2, y: area.y + area.height + 10, scale: Self.labelScale,
                            color: .textGray)
        }
        let xTitleWidth = RasterCanvas.textSize(xTitle, scale: Self.labelScale).width
        canvas.drawText(xTitle, x: area.x + (area.width - xTitleWidth) / 2, y: area.y + area.height + 18 + labelHeight,
                        scale: Self.labelScale, color: .black)
        canvas.strokeRect(x: area.x, y: area.y, width: area.width + 1, height: area.height + 1, color: .textGray)

        for line in series {
            // Consecutive finite points form one run; a NaN or infinite value ends it.
            var run: [(x: Double, y: Double)] = []
            func flush() {
                canvas.drawPolyline(run, thickness: Self.lineThickness, color: line.color,
                                    dashLength: line.dashed ? 9 : 0)
                run.removeAll()
            }
            for point in line.points {
                if point.y.isFinite { run.append((pixelX(point.x), pixelY(point.y))) } else { flush() }
            }
            flush()
            // Dots shrink when epochs crowd together, and vanish below 1.5 pixels.
            let spacing = Double(area.width) / max(1, xRange.1 - xRange.0)
            let radius = min(Self.dotRadius, 0.3 * spacing)
            for point in line.points where point.y.isFinite && radius >= 1.5 {
                canvas.fillCircle(centerX: pixelX(point.x), centerY: pixelY(point.y), radius: radius, color: line.color)
            }
        }
    }

    /// Height of one legend row.
    private var legendRowHeight: Int { 7 * Self.labelScale + 10 }
    /// Legend geometry: the line sample's length, the gap before the name, the space between entries.
    private static let legendSample = 34, legendTextGap = 8, legendSpacing = 28

    /// The width of each entry: sample line, gap, name.
    private var legendWidths: [Int] {
        series.map { Self.legendSample + Self.legendTextGap + RasterCanvas.textSize($0.name, scale: Self.labelScale).width }
    }

    /// The series indices on each legend row: entries fill a row until the next would pass the panel's width.
    func legendRows(width: Int) -> [[Int]] {
        var rows: [[Int]] = [[]]
        var used = 0
        for (index, entryWidth) in legendWidths.enumerated() {
            if !rows[rows.count - 1].isEmpty, used + Self.legendSpacing + entryWidth > width - 40 {
                rows.append([])
                used = 0
            }
            used += (rows[rows.count - 1].isEmpty ? 0 : Self.legendSpacing) + entryWidth
            rows[rows.count - 1].append(index)
        }
        return rows
    }

    /// The legend: rows of entries, each a short line sample with a dot followed by the series name, centred.
    private func drawLegend(on canvas: inout RasterCanvas, centerX: Int, top: Int, width: Int) {
        let widths = legendWidths
        for (rowIndex, row) in legendRows(width: width).enumerated() {
            let total = row.map { widths[$0] }.reduce(0, +) + Self.legendSpacing * max(0, row.count - 1)
            var left = centerX - total / 2
            let rowTop = top + rowIndex * legendRowHeight
            let middle = Double(rowTop) + 3.5 * Double(Self.labelScale)
            for index in row {
                let entry = series[index]
                canvas.drawPolyline([(Double(left), middle), (Double(left + Self.legendSample), middle)],
                                    thickness: Self.lineThickness, color: entry.color,
                                    dashLength: entry.dashed ? 6 : 0)
                canvas.fillCircle(centerX: Double(left) + Double(Self.legendSample) / 2, centerY: middle,
                                  radius: Self.dotRadius, color: entry.color)
                canvas.drawText(entry.name, x: left + Self.legendSample + Self.legendTextGap, y: rowTop,
                                scale: Self.labelScale, color: .black)
                left += widths[index] + Self.legendSpacing
            }
        }
    }

    /// The y axis's span: every finite value of every series with 5% of the spread added at both ends, as
    /// matplotlib pads (0...1 when there is no finite value, +-10% of a constant value).
    func yRange() -> (lower: Double, upper: Double) {
        let values = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        guard high - low > abs(high) * 1e-9 else {
            let pad = low == 0 ? 0.5 : abs(low) * 0.1
            return (low - pad, high + pad)
        }
        let pad = 0.05 * (high - low)
        return (low - pad, high + pad)
    }

    /// Integer ticks covering every point's x (the 1-based epochs).
    func xTicks() -> AxisTicks {
        let xs = series.flatMap { $0.points.map(\.x) }
        let low = Int(xs.min() ?? 1), high = Int(xs.max() ?? 1)
        return AxisTicks(integersCovering: low, high)
    }
}
