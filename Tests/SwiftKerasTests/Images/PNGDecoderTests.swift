import XCTest
@testable import SwiftKeras

final class PNGDecoderTests: XCTestCase {
    /// Samples 0...255 spread over the image, different per channel.
    private func samples(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(($0 * 37 + 11) % 256) } }

    func testEightBitColorTypesDecodeToTheirSamplesThroughAllFiveFilters() throws {
        for (colorType, channels) in [(UInt8(0), 1), (4, 2), (2, 3), (6, 4)] {
            let expected = samples(7 * 6 * channels)
            let image = try PNGDecoder.decode(PNGTestFiles.file(width: 7, height: 6, colorType: colorType, samples: expected))
            XCTAssertEqual([image.width, image.height, image.channels], [7, 6, channels])
            XCTAssertEqual(image.pixels, expected, "color type \(colorType)")
        }
    }

    func testPaletteExpandsToRGBAndToRGBAWithTransparency() throws {
        let palette: [UInt8] = [10, 20, 30, 200, 100, 0, 5, 6, 7]
        let indices: [UInt8] = [0, 1, 2, 1, 0, 2]
        let rgb = try PNGDecoder.decode(PNGTestFiles.file(width: 3, height: 2, colorType: 3, samples: indices, palette: palette))
        XCTAssertEqual(rgb.channels, 3)
        XCTAssertEqual(rgb.pixels, indices.flatMap { palette[(3 * Int($0))..<(3 * Int($0) + 3)] })
        let rgba = try PNGDecoder.decode(PNGTestFiles.file(width: 3, height: 2, colorType: 3, samples: indices,
                                                           palette: palette, transparency: [0, 128]))
        XCTAssertEqual(rgba.channels, 4)
        XCTAssertEqual(Array(rgba.pixels[0..<8]), [10, 20, 30, 0, 200, 100, 0, 128])
        XCTAssertEqual(Array(rgba.pixels[8..<12]), [5, 6, 7, 255], "entries past tRNS are opaque")
    }

    func testLowBitDepthsUnpackAndGrayScalesTo255() throws {
        // 2-bit gray, 5 pixels per row: 0 1 2 3 0 -> 0 85 170 255 0; bytes 00011011 00xxxxxx.
        let gray = try PNGDecoder.decode(PNGTestFiles.file(width: 5, height: 1, bitDepth: 2, colorType: 0, rows: [[0b0001_1011, 0]]))
        XCTAssertEqual(gray.pixels, [0, 85, 170, 255, 0])
        // 1-bit palette indices 1 0 1.
        let palette = try PNGDecoder.decode(PNGTestFiles.file(width: 3, height: 1, bitDepth: 1, colorType: 3, rows: [[0b1010_0000]],
                                                              palette: [0, 0, 0, 9, 8, 7]))
        XCTAssertEqual(palette.pixels, [9, 8, 7, 0, 0, 0, 9, 8, 7])
        // 16-bit gray keeps the high byte, as decode_image(dtype=uint8).
        let deep = try PNGDecoder.decode(PNGTestFiles.file(width: 2, height: 1, bitDepth: 16, colorType: 0, rows: [[0x12, 0x34, 0xFF, 0x01]]))
        XCTAssertEqual(deep.pixels, [0x12, 0xFF])
    }

    /// TensorFlow 2.21's `tf.io.decode_png(png, channels=1)` of RGB pixels (i·37 + j·11 + 5c) mod 256.
    func testRGBToGrayMatchesTensorFlow() throws {
        let rgb = PNGTestFiles.pattern(height: 2, width: 7)
        let image = try PNGDecoder.decode(PNGTestFiles.file(width: 7, height: 2, colorType: 2, samples: rgb))
        XCTAssertEqual(image.converted(toChannels: 1).pixels, [4, 15, 26, 37, 48, 59, 70, 41, 52, 63, 74, 85, 96, 107])
        XCTAssertEqual(Array(image.converted(toChannels: 4).pixels[0..<8]), [0, 5, 10, 255, 11, 16, 21, 255])
    }

    func testTruncatedAndCorruptFilesThrowNamingTheFile() throws {
        let file = PNGTestFiles.file(width: 4, height: 4, colorType: 0, samples: samples(16))
        assertThrowsSwiftKerasError(try PNGDecoder.decode(Array(file[0..<(file.count - 20)]), name: "cat.png"),
                                    kind: .fileFormat, containing: ["cat.png", "truncated"])
        var corrupt = file
        corrupt[40] ^= 0xFF
        assertThrowsSwiftKerasError(try PNGDecoder.decode(corrupt, name: "dog.png"), kind: .fileFormat, containing: ["dog.png", "CRC"])
        assertThrowsSwiftKerasError(try PNGDecoder.decode(Array("GIF89a".utf8) + [0, 0], name: "x.png"),
                                    kind: .fileFormat, containing: ["x.png", "not a PNG"])
    }

    func testInterlacedFilesAreRefusedClearly() {
        let file = PNGTestFiles.file(width: 1, height: 1, bitDepth: 8, colorType: 0, rows: [[7]], interlace: 1)
        assertThrowsSwiftKerasError(try PNGDecoder.decode(file, name: "i.png"), kind: .fileFormat,
                                    containing: ["i.png", "interlaced", "not supported"])
    }
}
