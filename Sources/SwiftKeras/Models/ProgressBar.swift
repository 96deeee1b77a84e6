import Foundation

/// Keras 3's progress output: `750/750 ━━━━━━━━━━━━━━━━━━━━ 2s 2ms/step - loss: 0.3316 - accuracy: 0.9080`.
///
/// On a terminal the line is redrawn in place after every step; when standard output is not a terminal (a
/// log file, CI) only the finished line is printed, so logs stay free of carriage returns. Without a target
/// (a dataset of unknown length) it shows an open-ended count, `     12/Unknown 3s 250ms/step`, as Keras does.
struct ProgressBar {
    /// The step count, or nil while unknown.
    var target: Int?
    let verbosity: Verbosity
    let unitName: String
    private let start = Date()
    private let interactive: Bool
    private var lastDraw = Date.distantPast
    static let width = 20

    init(target: Int?, verbosity: Verbosity, unitName: String = "step") {
        self.target = target
        self.verbosity = verbosity
        self.unitName = unitName
        self.interactive = isatty(STDOUT_FILENO) != 0
    }

    /// Shows progress after `current` steps with the running values; `finalize` ends the line.
    mutating func update(_ current: Int, values: [(String, Float)], finalize: Bool = false) {
        guard verbosity.level > 0 else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        let perStep = current > 0 ? elapsed / Double(current) : 0
        guard let target else {
            // Keras's "%7d/Unknown" with the elapsed time, redrawn in place on a terminal.
            guard interactive && verbosity.level == 1 || finalize else { return }
            guard finalize || now.timeIntervalSince(lastDraw) > 0.05 else { return }
            lastDraw = now
            let line = Self.unknownTargetLine(current, elapsed: elapsed, perStep: perStep, unitName: unitName, values: values)
            print((interactive ? "\r" : "") + line + (interactive ? "\u{1b}[K" : ""), terminator: finalize || !interactive ? "\n" : "")
            fflush(stdout)
            return
        }
        let digits = String(target).count
        let count = String(repeating: " ", count: Swift.max(digits - String(current).count, 0)) + "\(current)/\(target)"
        if verbosity.level == 2 || !interactive {
            guard finalize else { return }
            let line = verbosity.level == 2
                ? "\(count) - \(Int(elapsed.rounded()))s -\(Self.formatTime(perStep, unitName))\(Self.format(values))"
                : "\(count) \(bar(current, colors: false)) \(Int(elapsed))s\(Self.formatTime(perStep, unitName))\(Self.format(values))"
            print(line)
            fflush(stdout)
            return
        }
        // Redraw at most 20 times a second, and always at the end.
        guard finalize || now.timeIntervalSince(lastDraw) > 0.05 else { return }
        lastDraw = now
        let info: String
        if finalize {
            info = " \(Int(elapsed))s\(Self.formatTime(perStep, unitName))"
        } else {
            let eta = perStep * Double(target - current)
            info = " \u{1b}[1m\(Int(eta.rounded()))s\u{1b}[0m"
        }
        print("\r\u{1b}[1m\(count)\u{1b}[0m \(bar(current, colors: true))\(info)\(Self.format(values))\u{1b}[K",
              terminator: finalize ? "\n" : "")
        fflush(stdout)
    }

    private func bar(_ current: Int, colors: Bool) -> String {
        let target = self.target ?? current
        let done = target > 0 ? Int(Double(Self.width) * Double(current) / Double(target)) : Self.width
        let filled = String(repeating: "━", count: done)
        let empty = String(repeating: "━", count: Self.width - done)
        guard colors else { return filled + empty }
        return (done > 0 ? "\u{1b}[32m\(filled)\u{1b}[0m" : "") + "\u{1b}[37m\(empty)\u{1b}[0m"
    }

    /// Keras's line for an unknown step count: `"%7d/Unknown"`, the elapsed seconds, the time per step, the values.
    static func unknownTargetLine(_ current: Int, elapsed: Double, perStep: Double, unitName: String,
                                  values: [(String, Float)]) -> String {
        let count = String(repeating: " ", count: Swift.max(7 - String(current).count, 0)) + "\(current)/Unknown"
        return "\(count) \(Int(elapsed.rounded()))s\(formatTime(perStep, unitName))\(format(values))"
    }

    /// " - loss: 0.3316 - accuracy: 0.9080", four decimals, or scientific notation below 1e-3 as Keras.
    static func format(_ values: [(String, Float)]) -> String {
        values.map { name, value in
            let number = Swift.abs(value) > 1e-3
                ? String(format: "%.4f", value) : String(format: "%.4e", value)
            return " - \(name): \(number)"
        }.joined()
    }

    /// Keras's `_format_time`: " 2ms/step", " 1s/step", " 350us/step".
    static func formatTime(_ seconds: Double, _ unit: String) -> String {
        if seconds >= 1 || seconds == 0 { return " \(Int(seconds.rounded()))s/\(unit)" }
        if seconds >= 1e-3 { return " \(Int((seconds * 1000).rounded()))ms/\(unit)" }
        return " \(Int((seconds * 1_000_000).rounded()))us/\(unit)"
    }
}
