import XCTest
@testable import SwiftKeras

/// Tensor construction, value semantics, broadcasting and the non-differentiable helpers.
final class TensorTests: XCTestCase {
    func testShapeAndScalarsAreKeptRowMajor() {
        let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.transposed().scalars, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(t[1].scalars, [4, 5, 6])
        XCTAssertEqual(t[0..<1].shape, [1, 3])
    }

    func testValueSemanticsCopyOnWrite() {
        let a = Tensor(ones: [3])
        var b = a
        b.withUnsafeMutableBufferPointer { $0[0] = 5 }
        XCTAssertEqual(a.scalars, [1, 1, 1])
        XCTAssertEqual(b.scalars, [5, 1, 1])
    }

    func testTrailingAxisAndGeneralBroadcasting() {
        let matrix = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual((matrix + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
        XCTAssertEqual((Tensor([10, 20, 30]) - matrix).scalars, [9, 18, 27, 6, 15, 24])
        XCTAssertEqual((matrix * Tensor(shape: [2, 1], scalars: [1, 10])).scalars, [1, 2, 3, 40, 50, 60])
        XCTAssertEqual((matrix / 2).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
    }

    func testReductionsAndArgmax() {
        let t = Tensor(shape: [2, 3], scalars: [1, 5, 3, 4, 2, 6])
        XCTAssertEqual(t.sum().scalar, 21)
        XCTAssertEqual(t.sum(axis: 0).scalars, [5, 7, 9])
        XCTAssertEqual(t.mean(axis: 1).scalars, [3, 4])
        XCTAssertEqual(t.max(axis: -1).scalars, [5, 6])
        XCTAssertEqual(t.argmax(axis: 1).scalars, [1, 2])
    }

    func testMatmulOfKnownMatrices() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        XCTAssertEqual(matmul(a, b).scalars, [58, 64, 139, 154])
    }

    func testSoftmaxRowsSumToOneAndAreStableForLargeLogits() {
        let y = softmax(Tensor(shape: [2, 3], scalars: [1000, 1001, 1002, -5, 0, 5]))
        XCTAssertFalse(y.containsNonFinite)
        for row in 0..<2 { XCTAssertEqual(y[row].sum().scalar, 1, accuracy: 1e-6) }
    }

    func testToCategoricalMatchesKeras() {
        XCTAssertEqual(toCategorical(Tensor([2, 0, 1]), numClasses: 3).scalars, [0, 0, 1, 1, 0, 0, 0, 1, 0])
        XCTAssertEqual(toCategorical(Tensor([1, 3])).shape, [2, 4])
        XCTAssertThrowsError(try validatedCategorical(Tensor([0, 4]), numClasses: 3))
    }

    func testReshapeInfersOneDimension() {
        XCTAssertEqual(Tensor(zeros: [4, 7, 2]).reshaped(to: [4, -1]).shape, [4, 14])
    }

    func testDivisionByAnIntegerLiteralAndInPlaceScaling() {
        var images = Tensor(shape: [2, 2], scalars: [0, 51, 102, 255])
        XCTAssertEqual((images / 255).scalars, [0, 0.2, 0.4, 1])
        let before = images.withUnsafeBufferPointer { $0.baseAddress }
        images /= 255
        XCTAssertEqual(images.scalars, [0, 0.2, 0.4, 1])
        XCTAssertEqual(images.withUnsafeBufferPointer { $0.baseAddress }, before, "x /= 255 copied the values")
        let shared = images
        images *= 2
        XCTAssertEqual(shared.scalars, [0, 0.2, 0.4, 1], "a shared copy keeps its values")
        XCTAssertEqual(images.scalars, [0, 0.4, 0.8, 2])
    }
}
