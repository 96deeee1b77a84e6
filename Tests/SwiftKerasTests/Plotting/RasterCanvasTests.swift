import XCTest
@testable import SwiftKeras

final class RasterCanvasTests: XCTestCase {
    private let red = RGBColor(255, 0, 0)

    func testFillRectColoursExactlyTheRectangleAndClipsAtTheEdges() throws {
        var canvas = try RasterCanvas(width: 10, height: 8)
        canvas.fillRect(x: 7, y: -2, width: 10, height: 4, color: red)  // runs off the top and right edges
        for y in 0..<8 {
            for x in 0..<10 {
                XCTAssertEqual(canvas[x, y], x >= 7 && y < 2 ? red : .white, "pixel (\(x), \(y))")
            }
        }
    }

    func testThickLineCoversItsWidthAndNothingBeyond() throws {
        var canvas = try RasterCanvas(width: 60, height: 40)
        canvas.drawLine(from: (10, 20.5), to: (50, 20.5), thickness: 3, color: .black)
        XCTAssertEqual((19...21).map { canvas[30, $0] }, [.black, .black, .black])
        XCTAssertEqual(canvas[30, 17], .white)
        XCTAssertEqual(canvas[30, 23], .white)
        XCTAssertEqual(canvas[55, 20], .white, "past the round end")
    }

    func testDiagonalLinePassesThroughItsMidpoint() throws {
        var canvas = try RasterCanvas(width: 40, height: 40)
        canvas.drawLine(from: (0, 0), to: (40, 40), thickness: 2, color: .black)
        XCTAssertEqual(canvas[20, 20], .black)
        XCTAssertEqual(canvas[30, 10], .white)
    }

    func testDashedLineAlternatesDashesAndGaps() throws {
        var canvas = try RasterCanvas(width: 100, height: 10)
        canvas.drawPolyline([(0, 5), (100, 5)], thickness: 2, color: .black, dashLength: 10)
        XCTAssertEqual(canvas[5, 5], .black)   // arc length 5.5: in the first dash [0, 10)
        XCTAssertEqual(canvas[15, 5], .white)  // 15.5: in the first gap [10, 20)
        XCTAssertEqual(canvas[25, 5], .black)
    }

    func testDotCoversItsCentreButNotTheCornersOfItsBox() throws {
        var canvas = try RasterCanvas(width: 20, height: 20)
        canvas.fillCircle(centerX: 10, centerY: 10, radius: 5, color: red)
        XCTAssertEqual(canvas[9, 9], red)
        XCTAssertEqual(canvas[10, 13], red)
        XCTAssertEqual(canvas[5, 5], .white, "corner of the bounding square lies at distance 6.4 > 5.5")
    }

    func testNonFiniteOrFarAwayCoordinatesDrawNothingAndDoNotCrash() throws {
        var canvas = try RasterCanvas(width: 8, height: 8)
        canvas.drawLine(from: (.nan, 0), to: (4, 4), thickness: 2, color: .black)
        canvas.drawLine(from: (-1e300, 1e300), to: (1e300, 1e300), thickness: 2, color: .black)
        canvas.fillCircle(centerX: .infinity, centerY: 3, radius: 2, color: .black)
        canvas.fillCircle(centerX: 1e18, centerY: -1e18, radius: 2, color: .black)
        XCTAssertEqual(canvas.pixels, [UInt8](repeating: 255, count: 8 * 8 * 3))
    }

    func testTextDrawsEachFontPixelAsAScaleSquare() throws {
        var canvas = try RasterCanvas(width: 20, height: 20)
        canvas.drawText("-", x: 2, y: 3, scale: 2)  // "-" is the single row 0x1F, the fourth of seven
        for y in 0..<20 {
            for x in 0..<20 {
                let inBar = (2..<12).contains(x) && (9..<11).contains(y)
                XCTAssertEqual(canvas[x, y], inBar ? .black : .white, "pixel (\(x), \(y))")
            }
        }
    }

    func testTextSizeCountsFiveWidePlusOneSpacingPerCharacter() {
        XCTAssertEqual(RasterCanvas.textSize("ab", scale: 2).width, (2 * 6 - 1) * 2)
        XCTAssertEqual(RasterCanvas.textSize("ab", scale: 2).height, 14)
        XCTAssertEqual(RasterCanvas.textSize("long line\nab", scale: 1).width, 9 * 6 - 1)
        XCTAssertEqual(RasterCanvas.textSize("x\ny", scale: 1).height, 11 + 7)
    }

    func testEveryPrintableCharacterHasItsOwnGlyph() {
        var seen: [[UInt8]: Character] = [:]
        for code in 33...126 {
            let character = Character(UnicodeScalar(UInt8(code)))
            let rows = BitmapFont.rows(for: character)
            XCTAssertTrue((7...9).contains(rows.count), "\(character) has \(rows.count) rows")
            XCTAssertTrue(rows.allSatisfy { $0 < 32 }, "\(character) is wider than 5 pixels")
            XCTAssertTrue(rows.contains { $0 != 0 }, "\(character) is blank")
            XCTAssertNil(seen[rows], "\(character) looks the same as \(seen[rows].map(String.init) ?? "")")
            seen[rows] = character
        }
    }

    func testUnprintableCharacterDrawsAsABox() {
        XCTAssertEqual(BitmapFont.rows(for: "é"), [0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F])
    }

    func testGrayscaleImageIsScaledByNearestNeighbour() throws {
        var canvas = try RasterCanvas(width: 6, height: 4, background: .black)
        try canvas.drawGrayscale([10, 20, 30, 40], width: 2, height: 2, x: 1, y: 0, scale: 2)
        XCTAssertEqual(canvas[1, 0], RGBColor(gray: 10))
        XCTAssertEqual(canvas[2, 1], RGBColor(gray: 10))
        XCTAssertEqual(canvas[3, 1], RGBColor(gray: 20))
        XCTAssertEqual(canvas[4, 3], RGBColor(gray: 40))
        XCTAssertEqual(canvas[5, 3], .black)
    }

    func testGrayscaleImageWithTheWrongCountThrows() throws {
        var canvas = try RasterCanvas(width: 6, height: 4)
        XCTAssertThrowsError(try canvas.drawGrayscale([1, 2, 3], width: 2, height: 2, x: 0, y: 0)) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
        }
    }

    func testCanvasLargerThanTheLimitThrows() {
        XCTAssertThrowsError(try RasterCanvas(width: 100_000, height: 100_000)) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
        }
        XCTAssertThrowsError(try RasterCanvas(width: 0, height: 10))
    }
}
