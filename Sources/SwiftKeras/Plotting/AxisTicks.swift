import Foundation

/// Round-numbered tick positions and their labels for one chart axis (Heckbert's "nice numbers").
///
/// The step is 1, 2 or 5 times a power of ten, chosen so that about `targetCount` ticks cover the data;
/// the axis runs from the first tick at or below the data to the first at or above it.
struct AxisTicks: Equatable {
    /// Tick positions in data units, ascending, equally spaced by `step`.
    let values: [Double]
    /// The distance between neighbouring ticks.
    let step: Double
    /// Digits after the decimal point that tell the ticks apart: `max(0, -floor(log10(step)))`.
    let decimals: Int

    /// The axis's lower end (the first tick).
    var lower: Double { values.first! }
    /// The axis's upper end (the last tick).
    var upper: Double { values.last! }

    /// Ticks covering `minimum...maximum` (both finite); a zero-width range is widened around its value.
    init(covering minimum: Double, _ maximum: Double, targetCount: Int = 5) {
        var (low, high) = (min(minimum, maximum), max(minimum, maximum))
        if high - low <= abs(high) * 1e-9 {
            let pad = low == 0 ? 0.5 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let step = Self.niceStep((high - low) / Double(max(1, targetCount - 1)))
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        values = stride(from: first, through: last, by: 1).map { $0 * step }
        self.step = step
        decimals = min(8, max(0, -Int(log10(step).rounded(.down))))
    }

    /// Integer ticks at multiples of a nice step within `minimum...maximum`, led by `minimum` itself when the
    /// first multiple is more than half a step away (for epoch axes).
    init(integersCovering minimum: Int, _ maximum: Int, targetCount: Int = 8) {
        let upper = max(minimum, maximum)
        let rough = Double(upper - minimum) / Double(max(1, targetCount - 1))
        let step = max(1, Int(Self.niceStep(rough, atLeast: true)))
        let firstMultiple = Int((Double(minimum) / Double(step)).rounded(.up)) * step
        var ticks = Array(stride(from: firstMultiple, through: upper, by: step))
        if ticks.isEmpty || 2 * (ticks[0] - minimum) > step { ticks.insert(minimum, at: 0) }
        values = ticks.map(Double.init)
        self.step = Double(step)
        decimals = 0
    }

    /// `value` printed with `decimals` digits after the point ("-0" shown as "0").
    func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// A step of 1, 2, 5 or 10 times `10^floor(log10(rough))`: the nearest such number to `rough`, or the
    /// smallest one at or above it when `atLeast` is true.
    static func niceStep(_ rough: Double, atLeast: Bool = false) -> Double {
        guard rough > 0, rough.isFinite else { return 1 }
        let magnitude = pow(10, log10(rough).rounded(.down))
        let fraction = rough / magnitude
        let nice: Double
        if atLeast {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        } else {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        }
        return nice * magnitude
    }
}
