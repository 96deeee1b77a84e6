/// Writes a PNG chart of a training history: one panel for the losses (`loss`, `val_loss`, any key ending
/// in `loss`) and one for the other metrics (`accuracy`, `val_accuracy`, ...), one line per key with a dot
/// per epoch, validation lines dashed, tick labels, grid lines and a legend.
///
/// Epochs are numbered from 1 on the x axis, as Keras prints them (`Epoch 1/20`). A NaN or infinite value
/// leaves a gap in its line.
/// - Parameters:
///   - history: What `fit` returned.
///   - path: The PNG file to write; missing folders are created.
///   - keys: The keys to draw, e.g. `["loss", "accuracy"]`; each brings its `val_` partner when the history
///     has one. `nil` draws every key.
/// - Throws: `SwiftKerasError.invalidData` for a history without values, `.invalidArgument` for an empty
///   `keys` list or a key the history lacks, `.io` when writing fails.
public func plotHistory(_ history: History, to path: String, keys: [String]? = nil) throws {
    try renderHistory(history, keys: keys).write(to: path)
}

extension History {
    /// Writes a PNG chart of the losses and metrics per epoch, as `plotHistory(self, to: path)` does.
    ///
    /// - Parameter path: The PNG file to write; missing folders are created.
    /// - Throws: `SwiftKerasError.invalidData` when the history holds no values, `.io` when writing fails.
    public func plot(to path: String) throws {
        try plotHistory(self, to: path)
    }
}

/// The size of one panel of a history chart, in pixels.
let historyPanelSize = (width: 640, height: 480)

/// Draws the chart `plotHistory` writes: one panel per group of keys, side by side.
func renderHistory(_ history: History, keys: [String]?) throws -> RasterCanvas {
    let panels = try historyPanels(history, keys: keys)
    var canvas = try RasterCanvas(width: historyPanelSize.width * panels.count, height: historyPanelSize.height)
    for (index, panel) in panels.enumerated() {
        panel.draw(on: &canvas, x: index * historyPanelSize.width, y: 0, width: historyPanelSize.width,
                   height: historyPanelSize.height)
    }
    return canvas
}

/// Groups the history's keys into a loss panel and a metrics panel (either left out when empty).
func historyPanels(_ history: History, keys: [String]?) throws -> [ChartPanel] {
    let available = history.history.filter { !$0.value.isEmpty }
    guard !available.isEmpty else {
        throw SwiftKerasError.invalidData(
            "plotHistory: the history has no values (keys: \(history.history.keys.sorted())); run fit for at least "
                + "one epoch first")
    }
    let names = try orderedKeys(available: available.keys, requested: keys)
    let isLoss = { (name: String) in baseName(name).hasSuffix("loss") }
    var panels: [ChartPanel] = []
    for group in [names.filter(isLoss), names.filter { !isLoss($0) }] where !group.isEmpty {
        let bases = group.map(baseName).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let title = bases.count == 1 ? bases[0] : (isLoss(group[0]) ? "losses" : "metrics")
        let series = group.enumerated().map { index, name in
            ChartSeries(name: name, points: points(of: name, in: history),
                        color: RGBColor.palette[index % RGBColor.palette.count], dashed: name.hasPrefix("val_"))
        }
        panels.append(ChartPanel(title: title, series: series))
    }
    return panels
}

/// The keys to draw, each training key followed by its `val_` partner; `loss` first, then sorted by name.
private func orderedKeys(available: Dictionary<String, [Float]>.Keys, requested: [String]?) throws -> [String] {
    var bases: [String]
    if let requested {
        guard !requested.isEmpty else {
            throw SwiftKerasError.invalidArgument(
                "plotHistory: keys is empty; pass nil to draw every key or some of \(available.sorted())")
        }
        for key in requested where !available.contains(key) && !available.contains("val_" + key) {
            throw SwiftKerasError.invalidArgument(
                "plotHistory: the history has no key \"\(key)\"; it has \(available.sorted())")
        }
        bases = requested
    } else {
        bases = Set(available.map(baseName)).sorted { ($0 == "loss" ? "" : $0) < ($1 == "loss" ? "" : $1) }
    }
    var names: [String] = []
    for base in bases {
        let candidates = base.hasPrefix("val_") ? [base] : [base, "val_" + base]
        for name in candidates where available.contains(name) && !names.contains(name) { names.append(name) }
    }
    return names
}

/// `name` without a leading `val_`.
private func baseName(_ name: String) -> String {
    name.hasPrefix("val_") ? String(name.dropFirst(4)) : name
}

/// The points of key `name`: x is the 1-based epoch (from `history.epoch` when it lines up), y the value.
private func points(of name: String, in history: History) -> [(x: Double, y: Double)] {
    let values = history.history[name] ?? []
    let epochs = history.epoch.count == values.count ? history.epoch : Array(0..<values.count)
    return zip(epochs, values).map { (Double($0 + 1), Double($1)) }
}
