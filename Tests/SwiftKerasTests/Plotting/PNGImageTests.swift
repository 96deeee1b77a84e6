import Foundation
import XCTest
@testable import SwiftKeras

final class PNGImageTests: XCTestCase {
    /// A 37 x 23 pattern mixing gradients, flat areas and noise, so every filter has a row where it wins.
    private func pattern(width: Int, height: Int, channels: Int) -> [UInt8] {
        var generator = SeededGenerator(seed: 11)
        var bytes: [UInt8] = []
        for row in 0..<height {
            for column in 0..<width {
                for channel in 0..<channels {
                    switch row % 3 {
                    case 0: bytes.append(UInt8((column * 7 + channel * 50) & 255))
                    case 1: bytes.append(UInt8(truncatingIfNeeded: generator.next()))
                    default: bytes.append(200)
                    }
                }
            }
        }
        return bytes
    }

    func testPythonDecodesGrayscalePixelsExactly() throws {
        let pixels = pattern(width: 37, height: 23, channels: 1)
        let path = PythonPNGDecoder.temporaryPath("gray.png")
        try PNGImage(width: 37, height: 23, colorType: .grayscale, pixels: pixels).write(to: path)
        let decoded = try PythonPNGDecoder.decode(path)
        XCTAssertEqual([decoded.width, decoded.height, decoded.colorType], [37, 23, 0])
        XCTAssertEqual(decoded.pixels, pixels)
    }

    func testPythonDecodesRGBPixelsExactly() throws {
        let pixels = pattern(width: 37, height: 23, channels: 3)
        let path = PythonPNGDecoder.temporaryPath("rgb.png")
        try PNGImage(width: 37, height: 23, colorType: .rgb, pixels: pixels).write(to: path)
        let decoded = try PythonPNGDecoder.decode(path)
        XCTAssertEqual([decoded.width, decoded.height, decoded.colorType], [37, 23, 2])
        XCTAssertEqual(decoded.pixels, pixels)
    }

    func testFileHasHeaderDataAndEndChunksWithValidCRCs() throws {
        let path = PythonPNGDecoder.temporaryPath("chunks.png")
        try PNGImage(width: 2, height: 2, colorType: .grayscale, pixels: [0, 85, 170, 255]).write(to: path)
        // The decoder exits with "CRC mismatch" on any bad chunk CRC.
        XCTAssertEqual(try PythonPNGDecoder.decode(path).chunkTypes, ["IHDR", "IDAT", "IEND"])
    }

    func testEndChunkIsTheStandardTwelveBytes() throws {
        let data = try PNGImage(width: 1, height: 1, colorType: .rgb, pixels: [1, 2, 3]).pngData()
        XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // Every PNG ends with length 0, "IEND" and its well-known CRC AE 42 60 82.
        XCTAssertEqual(Array(data.suffix(12)), [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }

    func testHeaderStoresSizeBitDepthAndColorType() throws {
        let data = Array(try PNGImage(width: 300, height: 2, colorType: .rgb,
                                      pixels: [UInt8](repeating: 9, count: 1800)).pngData())
        XCTAssertEqual(Array(data[8..<16]), [0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])  // length 13, "IHDR"
        XCTAssertEqual(Array(data[16..<29]), [0, 0, 1, 44, 0, 0, 0, 2, 8, 2, 0, 0, 0])
    }

    func testRowsUseSubForGradientsAndUpForRepeatedRows() throws {
        // Row 0: a horizontal ramp (Sub makes it all 1s); rows 1 and 2 repeat row 0 exactly (Up makes zeros).
        let ramp = (0..<64).map { UInt8(100 + $0) }
        let path = PythonPNGDecoder.temporaryPath("filters.png")
        try PNGImage(width: 64, height: 3, colorType: .grayscale, pixels: ramp + ramp + ramp).write(to: path)
        let decoded = try PythonPNGDecoder.decode(path)
        XCTAssertEqual(decoded.filterTypes, [1, 2, 2])
        XCTAssertEqual(decoded.pixels, ramp + ramp + ramp)
    }

    func testFlatImageCompressesBelowOnePercent() throws {
        // With fixed Huffman codes a 258-byte match costs 13 bits, so 540 KB of one colour needs about 3.5 KB.
        let image = try PNGImage(width: 600, height: 300, colorType: .rgb,
                                 pixels: [UInt8](repeating: 255, count: 540_000))
        XCTAssertLessThan(image.pngData().count, 5_400)
    }

    func testPillowOpensTheFileWithTheSamePixels() throws {
        let check = try PythonPNGDecoder.runPython(["-c", "import PIL"])
        guard check.status == 0 else { throw XCTSkip("Pillow is not installed (pip install pillow to run this check)") }
        let pixels = pattern(width: 19, height: 9, channels: 3)
        let path = PythonPNGDecoder.temporaryPath("pillow.png")
        try PNGImage(width: 19, height: 9, colorType: .rgb, pixels: pixels).write(to: path)
        let script = "import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); "
            + "print(im.mode, im.size[0], im.size[1], im.tobytes().hex())"
        let result = try PythonPNGDecoder.runPython(["-c", script, path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let hex = pixels.map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "RGB 19 9 \(hex)")
    }

    func testPixelCountThatDoesNotMatchTheSizeThrows() {
        XCTAssertThrowsError(try PNGImage(width: 4, height: 4, colorType: .rgb, pixels: [UInt8](repeating: 0, count: 16))) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
            XCTAssertTrue("\($0)".contains("48"), "message should name the expected 4 * 4 * 3 = 48 bytes: \($0)")
        }
    }

    func testZeroWidthThrows() {
        XCTAssertThrowsError(try PNGImage(width: 0, height: 4, colorType: .grayscale, pixels: [])) {
            XCTAssertEqual(($0 as? SwiftKerasError)?.kind, .invalidArgument)
        }
    }

    func testWriteIntoAMissingFolderCreatesItAndLeavesNoTemporaryFile() throws {
        let path = PythonPNGDecoder.temporaryPath("nested/deeper/one.png")
        let image = try PNGImage(width: 1, height: 1, colorType: .grayscale, pixels: [42])
        try image.write(to: path)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), image.pngData())
        let folder = (path as NSString).deletingLastPathComponent
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["one.png"])
    }
}
