import XCTest
@testable import SwiftKeras

final class HistoryChartTests: XCTestCase {
    /// A five-epoch history with falling losses and rising accuracies.
    private func fitHistory() -> History {
        let history = History()
        for epoch in 0..<5 {
            let t = Float(epoch)
            history.record(epoch: epoch, logs: ["loss": 0.5 - 0.08 * t, "val_loss": 0.45 - 0.05 * t,
                                                "accuracy": 0.8 + 0.03 * t, "val_accuracy": 0.82 + 0.02 * t])
        }
        return history
    }

    func testLossesAndAccuraciesGetOnePanelEach() throws {
        let panels = try historyPanels(fitHistory(), keys: nil)
        XCTAssertEqual(panels.map(\.title), ["loss", "accuracy"])
        XCTAssertEqual(panels.map { $0.series.map(\.name) }, [["loss", "val_loss"], ["accuracy", "val_accuracy"]])
        XCTAssertEqual(panels[0].series.map(\.dashed), [false, true])
    }

    func testPointsAreOneBasedEpochsAndTheRecordedValues() throws {
        let loss = try historyPanels(fitHistory(), keys: ["loss"])[0].series[0]
        XCTAssertEqual(loss.points.map(\.x), [1, 2, 3, 4, 5])
        XCTAssertEqual(loss.points.map(\.y)[0], 0.5, accuracy: 1e-6)
    }

    func testChartFileDecodesAsTwoPanelsWide() throws {
        let path = PythonPNGDecoder.temporaryPath("history.png")
        try fitHistory().plot(to: path)
        let decoded = try PythonPNGDecoder.decode(path, pixels: false)
        XCTAssertEqual([decoded.width, decoded.height, decoded.colorType],
                       [2 * historyPanelSize.width, historyPanelSize.height, 2])
    }

    func testTrainingAndValidationLinesShowTheirColours() throws {
        let canvas = try renderHistory(fitHistory(), keys: nil)
        var colours = Set<RGBColor>()
        for offset in stride(from: 0, to: canvas.pixels.count, by: 3) {
            colours.insert(RGBColor(canvas.pixels[offset], canvas.pixels[offset + 1], canvas.pixels[offset + 2]))
        }
        XCTAssertTrue(colours.contains(RGBColor.palette[0]), "training lines in tab:blue")
        XCTAssertTrue(colours.contains(RGBColor.palette[1]), "validation lines in tab:orange")
    }

    func testFirstLossPointIsDrawnAboveTheLast() throws {
        // Loss falls, so its first dot (leftmost blue pixels) sits higher on the image than its last.
        let canvas = try renderHistory(fitHistory(), keys: ["loss"])
        let blue = RGBColor.palette[0]
        let bluePixels = (0..<canvas.height).flatMap { y in
            (0..<canvas.width).filter { canvas[$0, y] == blue }.map { (x: $0, y: y) }
        }
        let left = bluePixels.filter { $0.x < bluePixels.map(\.x).min()! + 4 }.map(\.y)
        let right = bluePixels.filter { $0.x > bluePixels.map(\.x).max()! - 4 }.map(\.y)
        XCTAssertLessThan(left.reduce(0, +) / left.count, right.reduce(0, +) / right.count)
    }

    func testOnlyLossKeysGiveASinglePanelChart() throws {
        let history = History()
        history.record(epoch: 0, logs: ["loss": 1])
        history.record(epoch: 1, logs: ["loss": 0.5])
        let canvas = try renderHistory(history, keys: nil)
        XCTAssertEqual([canvas.width, canvas.height], [historyPanelSize.width, historyPanelSize.height])
    }

    func testRequestedKeysAreDrawnWithTheirValidationPartners() throws {
        let panels = try historyPanels(fitHistory(), keys: ["accuracy"])
        XCTAssertEqual(panels.map { $0.series.map(\.name) }, [["accuracy", "val_accuracy"]])
    }

    func testLegendWrapsOntoASecondRowWhenItIsWiderThanThePanel() throws {
        let history = fitHistory()
        history.record(epoch: 5, logs: ["mae": 0.3, "val_mae": 0.31])
        let metrics = try historyPanels(history, keys: ["accuracy", "mae"])[0]
        XCTAssertEqual(metrics.title, "metrics")
        XCTAssertEqual(metrics.legendRows(width: historyPanelSize.width), [[0, 1, 2], [3]])
        XCTAssertEqual(metrics.legendRows(width: 2000), [[0, 1, 2, 3]])
    }

    func testUnknownKeyThrowsListingTheAvailableOnes() {
        XCTAssertThrowsError(try plotHistory(fitHistory(), to: "/tmp/never.png", keys: ["mae"])) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
            XCTAssertTrue("\($0)".contains("\"mae\"") && "\($0)".contains("val_accuracy"), "\($0)")
        }
    }

    func testEmptyKeyListThrows() {
        XCTAssertThrowsError(try plotHistory(fitHistory(), to: "/tmp/never.png", keys: [])) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
        }
    }

    func testHistoryWithoutEpochsThrows() {
        XCTAssertThrowsError(try History().plot(to: "/tmp/never.png")) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidData)
        }
    }

    func testNaNAndSingleEpochHistoriesStillDraw() throws {
        let history = History()
        history.record(epoch: 0, logs: ["loss": .nan, "accuracy": 0.5])
        history.record(epoch: 1, logs: ["loss": 0.3, "accuracy": .infinity])
        XCTAssertNoThrow(try renderHistory(history, keys: nil))
        let single = History()
        single.record(epoch: 0, logs: ["loss": 0.7, "val_loss": 0.7])
        XCTAssertNoThrow(try renderHistory(single, keys: nil))
    }
}
