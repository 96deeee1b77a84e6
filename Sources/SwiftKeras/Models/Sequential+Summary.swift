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

        func row(_ cells: [String], _ left: String, _ separator: String, _ right: String, alignRight: [Bool]) -> String {
            let padded = zip(zip(cells, widths), alignRight).map { pair, right in
                let (text, width) = pair
                let clipped = String(text.prefix(width - 2))
                let fill = String(repeating: " ", count: Swift.max(width - 2 - clipped.count, 0))
                return " " + (right ? fill + clipped : clipped + fill) + " "
            }
            return left + padded.joined(separator: separator) + right + "\n"
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
