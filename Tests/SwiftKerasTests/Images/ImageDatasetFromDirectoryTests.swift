import Foundation
import XCTest
@testable import SwiftKeras

final class ImageDatasetFromDirectoryTests: XCTestCase {
    private var folder = ""
    /// The 4x4 gray image's samples.
    private let graySamples: [UInt8] = (0..<16).map { UInt8($0 * 16) }

    /// cats/: a 4x4 gray image and a 6x3 RGBA one; dogs/: a 5x5 palette image, a 2x2 RGB one and, in a nested
    /// folder, a 3x3 gray + alpha one; plus a text file that is not an image. Every image but the first is one color.
    override func setUpWithError() throws {
        folder = try DataTestSupport.temporaryFolder()
        func write(_ bytes: [UInt8], _ name: String) throws {
            let path = folder + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        try write(PNGTestFiles.file(width: 4, height: 4, colorType: 0, samples: graySamples), "cats/a.png")
        try write(PNGTestFiles.file(width: 6, height: 3, colorType: 6, samples: Array([UInt8]([90, 80, 70, 5]).repeated(18))), "cats/b.PNG")
        try write(PNGTestFiles.file(width: 5, height: 5, colorType: 3, samples: [UInt8](repeating: 1, count: 25),
                                    palette: [0, 0, 0, 10, 200, 30]), "dogs/c.png")
        try write(PNGTestFiles.file(width: 2, height: 2, colorType: 2, samples: Array([UInt8]([1, 2, 3]).repeated(4))), "dogs/d.png")
        try write(PNGTestFiles.file(width: 3, height: 3, colorType: 4, samples: Array([UInt8]([77, 9]).repeated(9))), "dogs/inner/e.png")
        try write(Array("not an image".utf8), "dogs/notes.txt")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: folder) }

    private func load(_ labelMode: ImageLabelMode? = .int, colorMode: ImageColorMode = .rgb) throws -> (x: Tensor, y: Tensor) {
        let dataset = try imageDatasetFromDirectory(folder, labelMode: labelMode, colorMode: colorMode, batchSize: 8,
                                                    imageSize: (4, 4), shuffle: false, verbose: false)
        XCTAssertEqual(dataset.classNames, ["cats", "dogs"])
        let batches = Array(dataset)
        XCTAssertEqual(batches.count, 1)
        return batches[0]
    }

    func testLabelsShapesAndPixelValuesOfMixedColorTypesAndSizes() throws {
        let (x, y) = try load()
        XCTAssertEqual(x.shape, [5, 4, 4, 3])
        XCTAssertEqual(y.scalars, [0, 0, 1, 1, 1], "cats/a, cats/b, dogs/c, dogs/d, dogs/inner/e")
        let image = 4 * 4 * 3
        // Same size: bilinear resizing is the identity, and gray is repeated into RGB.
        XCTAssertEqual(Array(x.scalars[0..<image]), graySamples.flatMap { Array(repeating: Float($0), count: 3) })
        // One-color images stay one color at any size; alpha is dropped.
        for (index, color) in [(1, [90, 80, 70]), (2, [10, 200, 30]), (3, [1, 2, 3]), (4, [77, 77, 77])] as [(Int, [Float])] {
            XCTAssertEqual(Array(x.scalars[(index * image)..<((index + 1) * image)]), Array(color.repeated(16)), "image \(index)")
        }
    }

    func testCategoricalGrayscaleAndRGBAModes() throws {
        let categorical = try load(.categorical, colorMode: .grayscale)
        XCTAssertEqual(categorical.x.shape, [5, 4, 4, 1])
        XCTAssertEqual(categorical.y.shape, [5, 2])
        XCTAssertEqual(categorical.y.scalars, [1, 0, 1, 0, 0, 1, 0, 1, 0, 1])
        // (6968·90 + 23434·80 + 2366·70 + 16384) >> 15 = 81
        XCTAssertEqual(categorical.x.scalars[16], 81)
        let rgba = try load(.binary, colorMode: .rgba)
        XCTAssertEqual(rgba.x.shape, [5, 4, 4, 4])
        XCTAssertEqual(rgba.y.shape, [5, 1])
        XCTAssertEqual(Array(rgba.x.scalars[64..<68]), [90, 80, 70, 5], "alpha kept")
        XCTAssertEqual(Array(rgba.x.scalars[0..<4]), [0, 0, 0, 255], "gray gets an opaque alpha")
        XCTAssertEqual(try load(nil).y.shape, [5, 0])
    }

    /// `tf.image.resize(img, size, method="bilinear")` in TensorFlow 2.21 (half-pixel centers, no antialias) of
    /// a 5x7 RGB image with pixel (i, j, c) = (37i + 11j + 5c) mod 256.
    func testBilinearResizeMatchesTensorFlow() {
        let pixels = PNGTestFiles.pattern(height: 5, width: 7)
        let down = resizeBilinear(pixels, height: 5, width: 7, channels: 3, newHeight: 3, newWidth: 4)
        let up = resizeBilinear(pixels, height: 5, width: 7, channels: 3, newHeight: 9, newWidth: 10)
        func check(_ actual: [Float], _ expected: [Float]) {
            XCTAssertEqual(actual.count, expected.count)
            for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: 1e-4) }
        }
        func column(_ values: [Float], row: Int, width: Int, channel: Int) -> [Float] {
            (0..<width).map { (index: Int) -> Float in values[(row * width + index) * 3 + channel] }
        }
        let downFirst: [Float] = [16.458332, 35.708332, 54.958332, 74.208336]
        let downLast: [Float] = [149.79166, 169.04166, 188.29166, 207.54166]
        let upFirst: [Float] = [0.0, 6.0499992, 13.75, 21.45, 29.149998, 36.85, 44.549995, 52.25, 59.949997, 66.0]
        let upLast: [Float] = [158.0, 164.05, 171.75, 179.45, 187.15, 194.85, 202.55, 210.25, 217.95, 224.0]
        check(column(down, row: 0, width: 4, channel: 0), downFirst)
        check(column(down, row: 2, width: 4, channel: 2), downLast)
        check(column(up, row: 0, width: 10, channel: 0), upFirst)
        check(column(up, row: 8, width: 10, channel: 2), upLast)
    }

    func testValidationSplitPartitionsTheShuffledFiles() throws {
        let (training, validation) = try imageDatasetFromDirectory(folder, batchSize: 2, imageSize: (4, 4), seed: 3,
                                                                   validationSplit: 0.4, subset: .both, verbose: false)
        XCTAssertEqual(training.filePaths?.count, 3)
        XCTAssertEqual(validation.filePaths?.count, 2, "int(0.4 · 5) files validate")
        XCTAssertEqual(Set(training.filePaths! + validation.filePaths!).count, 5)
        let alone = try imageDatasetFromDirectory(folder, batchSize: 2, imageSize: (4, 4), seed: 3, validationSplit: 0.4,
                                                  subset: .validation, verbose: false)
        XCTAssertEqual(alone.filePaths, validation.filePaths)
        XCTAssertEqual(Array(training).flatMap(\.y.scalars).count, 3)
        assertThrowsSwiftKerasError(try imageDatasetFromDirectory(folder, validationSplit: 0.4, subset: .training, verbose: false),
                                    kind: .invalidArgument, containing: ["seed"])
    }

    func testTrainingBatchesReshuffleEveryEpochAndHoldEveryImageOnce() throws {
        let dataset = try imageDatasetFromDirectory(folder, batchSize: 1, imageSize: (4, 4), seed: 5, verbose: false)
        // Each image is identified by its first red value (0, 90, 10, 1, 77).
        let first = dataset.map { $0.x.scalars[0] }, second = dataset.map { $0.x.scalars[0] }
        XCTAssertEqual(Set(first).count, 5)
        XCTAssertEqual(first.sorted(), second.sorted())
        XCTAssertNotEqual(first, second)
    }

    func testTruncatedPNGThrowsNamingTheFile() throws {
        let path = folder + "/dogs/d.png"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 15).write(to: URL(fileURLWithPath: path))
        assertThrowsSwiftKerasError(try imageDatasetFromDirectory(folder, imageSize: (4, 4), verbose: false),
                                    kind: .fileFormat, containing: [path, "truncated"])
    }

    func testOtherImageFormatsThrowNamingTheFile() throws {
        try Data([0xFF, 0xD8]).write(to: URL(fileURLWithPath: folder + "/cats/photo.jpg"))
        assertThrowsSwiftKerasError(try imageDatasetFromDirectory(folder, imageSize: (4, 4), verbose: false),
                                    kind: .fileFormat, containing: ["photo.jpg", "only PNG"])
    }
}

extension Array {
    /// The array repeated `count` times.
    fileprivate func repeated(_ count: Int) -> [Element] { (0..<count).flatMap { _ in self } }
}
