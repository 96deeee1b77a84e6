import Foundation

extension Sequential {
    /// Prints `summaryText()`: the layers, their output shapes and parameter counts, in Keras 3's layout.
    public func summary(lineLength: Int = 88) {
        print(summaryText(lineLength: lineLength), terminator: "")
    }

    /// The summary table that Keras 3 prints for this model (box-drawing characters, thousands separators,
    /// total and trainable parameter counts with their size in memory).
    public func summaryText(lineLength: Int = 88) -> String {
        // Keras 3's column widths on an 88-column line are 38, 29 and 17 (each with one space of padding on
        // either side); other widths scale them.
        let interior = Swift.max(lineLength - 4, 24)
        let first = interior * 38 / 84, second = interior * 29 / 84
        let widths = [first, second, interior - first - second]

        // A cell too long for its column wraps at spaces onto more lines, as Keras's table (rich) wraps it.
        func row(_ cells: [String], _ left: String, _ separator: String, _ right: String, alignRight: [Bool]) -> String {
            let wrapped = zip(cells, widths).map { wrap($0, width: $1 - 2) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                let padded = zip(zip(wrapped, widths), alignRight).map { pair, right in
                    let (lines, width) = pair
                    let text = line < lines.count ? lines[line] : ""
                    let fill = String(repeating: " ", count: Swift.max(width - 2 - text.count, 0))
                    return " " + (right ? fill + text : text + fill) + " "
                }
                return left + padded.joined(separator: separator) + right + "\n"
            }.joined()
        }
        func rule(_ left: String, _ fill: String, _ separator: String, _ right: String) -> String {
            left + widths.map { String(repeating: fill, count: $0) }.joined(separator: separator) + right + "\n"
        }

        var text = "Model: \"\(name)\"\n"
        text += rule("┏", "━", "┳", "┓")
        text += row(["Layer (type)", "Output Shape", "Param #"], "┃", "┃", "┃", alignRight: [false, false, true])
        text += rule("┡", "━", "╇", "┩")
        for (index, layer) in layers.enumerated() {
            let shape = layer.inputShape == nil ? "?" : kerasShapeString(layer.outputShape)
            let params = layer.isBuilt ? groupedThousands(layer.countParams()) : "0 (unbuilt)"
            text += row(["\(layer.name) (\(layer.className))", shape, params], "│", "│", "│",
                        alignRight: [false, false, true])
            text += index == layers.count - 1 ? rule("└", "─", "┴", "┘") : rule("├", "─", "┼", "┤")
        }
        if layers.isEmpty { text += rule("└", "─", "┴", "┘") }
        let total = countParams()
        let trainable = trainableVariables.reduce(0) { $0 + $1.shape.reduce(1, *) }
        text += " Total params: \(groupedThousands(total)) (\(readableMemorySize(total * 4)))\n"
        text += " Trainable params: \(groupedThousands(trainable)) (\(readableMemorySize(trainable * 4)))\n"
        text += " Non-trainable params: \(groupedThousands(total - trainable)) (\(readableMemorySize((total - trainable) * 4)))\n"
        return text
    }
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word is cut).
func wrap(_ text: String, width: Int) -> [String] {
    guard width > 0, text.count > width else { return [text] }
    var lines: [String] = [], current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
        var word = word
        if !current.isEmpty, current.count + 1 + word.count <= width { current += " " + word; continue }
        if !current.isEmpty { lines.append(current); current = "" }
        while word.count > width { lines.append(String(word.prefix(width))); word = String(word.dropFirst(width)) }
        current = word
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}

/// 101770 -> "101,770".
func groupedThousands(_ value: Int) -> String {
    let digits = String(Swift.abs(value))
    var groups: [String] = []
    var end = digits.endIndex
    while end > digits.startIndex {
        let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
        groups.insert(String(digits[start..<end]), at: 0)
        end = start
    }
    return (value < 0 ? "-" : "") + groups.joined(separator: ",")
}

/// Keras's `readable_memory_size`: 407080 -> "397.54 KB" (powers of 1024, two decimals).
func readableMemorySize(_ bytes: Int) -> String {
    var size = Double(bytes)
    for unit in ["B", "KB", "MB", "GB", "TB"] {
        if size / 1024 < 1 { return String(format: "%.2f", size) + " " + unit }
        size /= 1024
    }
    return String(format: "%.2f PB", size)
}
