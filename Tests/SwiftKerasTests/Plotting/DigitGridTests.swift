import XCTest
@testable import SwiftKeras

final class DigitGridTests: XCTestCase {
    /// `count` flat 28 x 28 images; image i is filled with `10 * (i + 1)` and has one pixel of 255 at (3, 5).
    private func markedImages(_ count: Int) -> Tensor {
        var scalars: [Float] = []
        for index in 0..<count {
            var image = [Float](repeating: Float(10 * (index + 1)), count: 784)
            image[5 * 28 + 3] = 255
            scalars += image
        }
        return Tensor(shape: [count, 28, 28], scalars: scalars)
    }

    func testGridDecodesToTheLayoutSizeWithEachImageWhereTheLayoutPutsIt() throws {
        let images = markedImages(6)
        let captions = (0..<6).map { "label \($0) / pred \($0)" }
        let path = PythonPNGDecoder.temporaryPath("digits.png")
        try plotDigits(images, captions: captions, columns: 4, scale: 3, to: path)
        let (_, layout) = try renderDigits(images, captions: captions, columns: 4, scale: 3)
        let decoded = try PythonPNGDecoder.decode(path)
        XCTAssertEqual([decoded.width, decoded.height, decoded.colorType], [layout.canvasWidth, layout.canvasHeight, 0])
        XCTAssertEqual([layout.columns, layout.rows], [4, 2])
        func gray(_ x: Int, _ y: Int) -> UInt8 { decoded.pixels[y * decoded.width + x] }
        for index in 0..<6 {
            let origin = layout.imageOrigin(index)
            XCTAssertEqual(gray(origin.x, origin.y), UInt8(10 * (index + 1)), "image \(index) top-left")
            XCTAssertEqual(gray(origin.x + 28 * 3 - 1, origin.y + 28 * 3 - 1), UInt8(10 * (index + 1)))
            XCTAssertEqual(gray(origin.x + 3 * 3 + 2, origin.y + 5 * 3 + 2), 255, "image \(index) marked pixel")
            XCTAssertEqual(gray(origin.x - 1, origin.y), 255, "white margin left of image \(index)")
        }
    }

    func testCaptionInkLiesUnderItsImageAndNowhereBetween() throws {
        let images = markedImages(2)
        let (canvas, layout) = try renderDigits(images, captions: ["label 7 / pred 7", "label 2 / pred 2"],
                                                columns: 2, scale: 4)
        let origin = layout.imageOrigin(1)
        let imageBottom = origin.y + 28 * 4
        let cellLeft = layout.cellWidth, cellRight = 2 * layout.cellWidth
        let darkRows = (imageBottom..<layout.canvasHeight).filter { y in
            (cellLeft..<cellRight).contains { canvas[$0, y] == .black }
        }
        XCTAssertFalse(darkRows.isEmpty, "caption drawn")
        XCTAssertGreaterThanOrEqual(darkRows.min()!, layout.captionTop(1))
        XCTAssertTrue((imageBottom..<layout.captionTop(1)).allSatisfy { y in
            (cellLeft..<cellRight).allSatisfy { canvas[$0, y] == .white }
        }, "blank gap between image and caption")
    }

    func testZeroToOneValuesAreStretchedTo255() throws {
        let images = Tensor(shape: [1, 4], scalars: [0, 0.5, 1, 0.25])
        let (canvas, layout) = try renderDigits(images, captions: ["a"], columns: 4, scale: 1)
        let origin = layout.imageOrigin(0)
        XCTAssertEqual([canvas[origin.x, origin.y], canvas[origin.x + 1, origin.y], canvas[origin.x, origin.y + 1],
                        canvas[origin.x + 1, origin.y + 1]],
                       [RGBColor(gray: 0), RGBColor(gray: 128), RGBColor(gray: 255), RGBColor(gray: 64)])
    }

    func testFlatRowsOf784PixelsAreDrawnAs28By28() throws {
        let images = Tensor(shape: [3, 784], scalars: [Float](repeating: 0, count: 3 * 784))
        let (_, layout) = try renderDigits(images, captions: ["1", "2", "3"], columns: 2, scale: 2)
        XCTAssertEqual([layout.imageWidth, layout.imageHeight, layout.columns, layout.rows], [28, 28, 2, 2])
    }

    func testCaptionCountThatDiffersFromTheImageCountThrows() {
        XCTAssertThrowsError(try plotDigits(markedImages(3), captions: ["one"], to: "/tmp/never.png")) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
            XCTAssertTrue("\($0)".contains("1 captions for 3 images"), "\($0)")
        }
    }

    func testFlatImagesThatAreNotSquareThrow() {
        let images = Tensor(shape: [2, 780], scalars: [Float](repeating: 0, count: 1560))
        XCTAssertThrowsError(try plotDigits(images, captions: ["a", "b"], to: "/tmp/never.png")) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .shapeMismatch)
            XCTAssertTrue("\($0)".contains("[2, 780]"), "\($0)")
        }
    }

    func testSingleImageWithoutABatchDimensionThrows() {
        let image = Tensor(shape: [784], scalars: [Float](repeating: 0, count: 784))
        XCTAssertThrowsError(try plotDigits(image, captions: ["a"], to: "/tmp/never.png")) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .shapeMismatch)
        }
    }

    func testNaNPixelThrowsNamingTheImage() {
        var scalars = [Float](repeating: 0, count: 2 * 784)
        scalars[784 + 10] = .nan
        XCTAssertThrowsError(try plotDigits(Tensor(shape: [2, 28, 28], scalars: scalars), captions: ["a", "b"],
                                            to: "/tmp/never.png")) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidData)
            XCTAssertTrue("\($0)".contains("image 1"), "\($0)")
        }
    }

    func testScaleOutsideOneToThirtyTwoThrows() {
        XCTAssertThrowsError(try plotDigits(markedImages(1), captions: ["a"], scale: 0, to: "/tmp/never.png"))
        XCTAssertThrowsError(try plotDigits(markedImages(1), captions: ["a"], columns: 0, to: "/tmp/never.png"))
    }
}
