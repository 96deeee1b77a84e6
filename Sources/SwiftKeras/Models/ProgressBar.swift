import Foundation

/// Keras 3's progress output (`keras.utils.Progbar`), line for line (also without a target: `%7d/Unknown`):
/// `750/750 ━━━━━━━━━━━━━━━━━━━━ 2s 2ms/step - accuracy: 0.9080 - loss: 0.3316`.
///
/// While an epoch runs the line shows the time left (`3s`, `1:05`, `1:02:03`), at the end the time taken; then
/// the time per step (ignoring the slower first step, as Keras estimates it) and the values, each averaged over
/// the steps so far as Keras's bar averages them until the final update shows the values as given. On a
/// terminal the line is redrawn in place (at most every 0.05 s); when standard output is not a terminal (a log
/// file, CI) only the finished line is printed, without colors, so logs stay free of control characters.
struct ProgressBar {
    /// The step count, or nil while unknown (a dataset of unknown length: `     12/Unknown 3s 250ms/step`).
    var target: Int?
    let verbosity: Verbosity
    let unitName: String
    private let start = Date()
    private let interactive: Bool
    /// Seconds since `start` of the last drawn update (Keras's `_last_update`).
    private var lastUpdate = -Double.infinity
    /// Seconds since `start` when step 1 was reported (Keras's `_time_after_first_step`).
    private var timeAfterFirstStep: Double?
    /// Each value's weighted sum and weight (Keras's `_values`), and the order the names first came in.
    private var sums: [String: (total: Double, weight: Double)] = [:]
    private var order: [String] = []
    private var seenSoFar = 0
    private var previousWidth = 0
    static let width = 20

    init(target: Int?, verbosity: Verbosity, unitName: String = "step") {
        self.target = target
        self.verbosity = verbosity
        self.unitName = unitName
        self.interactive = isatty(STDOUT_FILENO) != 0
    }

    /// Shows progress after `current` steps with the latest values; `finalize` ends the line.
    mutating func update(_ current: Int, values: [(String, Float)], finalize: Bool = false) {
        guard verbosity.level > 0 else { return }
        let now = Date().timeIntervalSince(start)
        accumulate(values, current: current, finalize: finalize)
        let timePerUnit = stepDuration(current, now: now)
        let shown = order.map { name in (name, sums[name]!.total / Swift.max(1, sums[name]!.weight)) }
        if verbosity.level == 1 {
            guard finalize || now - lastUpdate >= 0.05 else { return }
            if interactive {
                let line = Self.line(current: current, target: target, elapsed: now, timePerUnit: timePerUnit,
                                     values: shown, finalize: finalize, unitName: unitName, colors: true)
                let width = Self.line(current: current, target: target, elapsed: now, timePerUnit: timePerUnit,
                                      values: shown, finalize: finalize, unitName: unitName, colors: false).count
                let padding = String(repeating: " ", count: Swift.max(previousWidth - width, 0))
                print(String(repeating: "\u{8}", count: previousWidth) + "\r" + line + padding,
                      terminator: finalize ? "\n" : "")
                previousWidth = width
            } else if finalize {
                print(Self.line(current: current, target: target, elapsed: now, timePerUnit: timePerUnit,
                                values: shown, finalize: true, unitName: unitName, colors: false))
            }
            fflush(stdout)
        } else if finalize {
            print(Self.verboseTwoLine(target: target ?? current, elapsed: now, timePerUnit: timePerUnit, values: shown, unitName: unitName))
            fflush(stdout)
        }
        lastUpdate = now
    }

    /// Keras's running averages: each value weighs the steps since the last update; the final update replaces them.
    private mutating func accumulate(_ values: [(String, Float)], current: Int, finalize: Bool) {
        for (name, value) in values {
            if sums[name] == nil { order.append(name) }
            if finalize {
                sums[name] = (Double(value), 1)
            } else {
                let weight = Double(Swift.max(current - seenSoFar, 1))
                let previous = sums[name] ?? (0, 0)
                sums[name] = (previous.total + Double(value) * weight, previous.weight + weight)
            }
        }
        seenSoFar = current
    }

    /// Keras's `_estimate_step_duration`: after step 1, the time since step 1 over the steps since.
    private mutating func stepDuration(_ current: Int, now: Double) -> Double {
        guard current > 0 else { return 0 }
        let perStep = current > 1 && timeAfterFirstStep != nil
            ? (now - timeAfterFirstStep!) / Double(current - 1) : now / Double(current)
        if current == 1 { timeAfterFirstStep = now }
        return perStep
    }

    /// The verbose-1 line: `" 3/10 ━━━━━━──── 1:05 2ms/step - loss: 0.3316"` (the time left while running, the
    /// time taken once `finalize`), with Keras's bold, green and grey when `colors`.
    static func line(current: Int, target: Int?, elapsed: Double, timePerUnit: Double, values: [(String, Double)],
                     finalize: Bool, unitName: String = "step", colors: Bool = false) -> String {
        func styled(_ code: String, _ text: String) -> String { colors ? "\u{1b}[\(code)m\(text)\u{1b}[0m" : text }
        guard let target else {
            // Keras's "%7d/Unknown", then the time taken so far.
            let counter = String(repeating: " ", count: Swift.max(7 - String(current).count, 0)) + "\(current)/Unknown"
            return styled("1", counter) + " " + styled("1", formatElapsed(elapsed)) + formatTime(timePerUnit, unitName)
                + format(values)
        }
        let digits = String(Swift.max(target, 1)).count
        let counter = String(repeating: " ", count: Swift.max(digits - String(current).count, 0)) + "\(current)/\(target)"
        let done = target > 0 ? Int(Double(width) * Double(current) / Double(target)) : width
        let filled = done > 0 ? styled("32", String(repeating: "━", count: done)) : ""
        let bar = styled("1", counter) + " " + filled + styled("37", String(repeating: "━", count: Swift.max(width - done, 0)))
        let time = finalize ? formatElapsed(elapsed) : formatETA(timePerUnit * Double(target - current))
        return bar + " " + styled("1", time) + formatTime(timePerUnit, unitName) + format(values)
    }

    /// The verbose-2 line printed once per epoch: `750/750 - 2s - 2ms/step - loss: 0.3316`.
    static func verboseTwoLine(target: Int, elapsed: Double, timePerUnit: Double, values: [(String, Double)],
                               unitName: String = "step") -> String {
        "\(target)/\(target) - \(formatElapsed(elapsed)) -\(formatTime(timePerUnit, unitName))\(format(values, verboseTwo: true))"
    }

    /// Keras's time left: `3s` under a minute, `1:05` under an hour, `1:02:03` beyond (whole seconds, truncated).
    static func formatETA(_ seconds: Double) -> String {
        let s = Swift.max(seconds, 0)
        if s > 3600 {
            return String(format: "%d:%02d:%02d", Int(s / 3600), Int(s.truncatingRemainder(dividingBy: 3600) / 60),
                          Int(s.truncatingRemainder(dividingBy: 60)))
        }
        if s > 60 { return String(format: "%d:%02d", Int(s / 60), Int(s.truncatingRemainder(dividingBy: 60))) }
        return "\(Int(s))s"
    }

    /// Keras's time taken: whole seconds, rounded (`2s`, `0s`).
    static func formatElapsed(_ seconds: Double) -> String { String(format: "%.0fs", seconds) }

    /// " - loss: 0.3316 - accuracy: 0.9080", four decimals, or scientific notation at or below 1e-3 as Keras
    /// (the verbose-2 line compares the signed value, the verbose-1 line its magnitude).
    static func format(_ values: [(String, Double)], verboseTwo: Bool = false) -> String {
        values.map { name, value in
            let large = verboseTwo ? value > 1e-3 : Swift.abs(value) > 1e-3
            return " - \(name): " + String(format: large ? "%.4f" : "%.4e", value)
        }.joined()
    }

    /// `format` of single-precision values.
    static func format(_ values: [(String, Float)]) -> String { format(values.map { ($0, Double($1)) }) }

    /// Keras's `_format_time`: " 2ms/step", " 1s/step", " 350us/step".
    static func formatTime(_ seconds: Double, _ unit: String) -> String {
        if seconds >= 1 || seconds == 0 { return String(format: " %.0f", seconds) + "s/\(unit)" }
        if seconds >= 1e-3 { return String(format: " %.0f", seconds * 1000) + "ms/\(unit)" }
        return String(format: " %.0f", seconds * 1_000_000) + "us/\(unit)"
    }
}
