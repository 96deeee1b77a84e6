import SwiftKeras
import XCTest

/// Misusing the image layers throws a `SwiftKerasError` naming what was wrong, from `fit`, `predict` and `build`.
final class ImageLayerMisuseTests: XCTestCase {
    private func assertFitThrows(_ layers: [any Layer], input: [Int], mentions words: [String],
                                 file: StaticString = #filePath, line: UInt = #line) {
        let model = Sequential(layers)
        model.compile(optimizer: SGD(), loss: .meanSquaredError)
        let x = Tensor(zeros: [2] + input)
        XCTAssertThrowsError(try model.fit(x, Tensor(zeros: [2, 1]), verbose: 0), file: file, line: line) { error in
            XCTAssertTrue(error is SwiftKerasError, "\(error)", file: file, line: line)
            for word in words { XCTAssertTrue("\(error)".contains(word), "'\(error)' should mention \(word)", file: file, line: line) }
        }
        XCTAssertThrowsError(try model.predict(x, verbose: 0), file: file, line: line)
    }

    func testConv2DOnFlatSamples() {
        assertFitThrows([Input(shape: [784]), Conv2D(8, kernelSize: 3), Flatten(), Dense(1)], input: [784],
                        mentions: ["Conv2D", "[height, width, channels]", "[784]"])
    }

    func testKernelLargerThanValidInput() {
        assertFitThrows([Input(shape: [2, 2, 1]), Conv2D(8, kernelSize: 3), Flatten(), Dense(1)], input: [2, 2, 1],
                        mentions: ["3x3", "2x2", ".valid"])
        // The same window fits with .same padding.
        let model = Sequential([Input(shape: [2, 2, 1]), Conv2D(8, kernelSize: 3, padding: .same), Flatten(), Dense(1)])
        XCTAssertEqual(model.outputShape, [1])
    }

    func testNonPositiveSizes() {
        assertFitThrows([Input(shape: [8, 8, 1]), Conv2D(0, kernelSize: 3), Flatten(), Dense(1)], input: [8, 8, 1], mentions: ["filters"])
        assertFitThrows([Input(shape: [8, 8, 1]), Conv2D(4, kernelSize: 3, strides: 0), Flatten(), Dense(1)], input: [8, 8, 1],
                        mentions: ["strides"])
        assertFitThrows([Input(shape: [8, 8, 1]), Conv2D(4, kernelSize: (0, 3)), Flatten(), Dense(1)], input: [8, 8, 1],
                        mentions: ["kernel size"])
        assertFitThrows([Input(shape: [8, 8, 1]), MaxPooling2D(poolSize: 0), Flatten(), Dense(1)], input: [8, 8, 1],
                        mentions: ["pool size"])
        assertFitThrows([Input(shape: [8, 8, 1]), AveragePooling2D(poolSize: (2, 2), strides: (-1, 1)), Flatten(), Dense(1)],
                        input: [8, 8, 1], mentions: ["strides"])
    }

    func testDropoutRateOutsideRange() {
        for rate: Float in [1, 1.5, -0.25, .nan] {
            assertFitThrows([Input(shape: [4]), Dropout(rate), Dense(1)], input: [4], mentions: ["Dropout", "[0, 1)"])
        }
    }

    func testReshapeCountMismatch() {
        assertFitThrows([Input(shape: [784]), Reshape([27, 27, 1]), Flatten(), Dense(1)], input: [784],
                        mentions: ["Reshape", "784", "[27, 27, 1]"])
    }
}
