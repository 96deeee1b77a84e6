import XCTest
@testable import SwiftKeras

/// Checks against the real MNIST files in `../shared/datasets` (skipped when absent). Each format is
/// loaded once for the whole class: a debug build decompresses the 55 MB slowly.
final class MNISTRealDataTests: XCTestCase {
    typealias Splits = ((Tensor, Tensor), (Tensor, Tensor))
    nonisolated(unsafe) private static var fromGzip: Splits?

    private func gzipData() throws -> Splits {
        let root = try DataTestSupport.requireSharedDatasets()
        if let data = Self.fromGzip { return data }
        let data = try MNIST.loadData(path: root + "/mnist")
        Self.fromGzip = data
        return data
    }

    /// The npz split that is cheap to read in a debug build: test images, all labels.
    private func npzArrays(_ keys: [String]) throws -> [Tensor] {
        let root = try DataTestSupport.requireSharedDatasets()
        guard FileManager.default.fileExists(atPath: root + "/mnist-npz/mnist.npz") else {
            try skipOrFailInCI("\(root)/mnist-npz/mnist.npz is absent")
        }
        let archive = try ZipArchive(path: root + "/mnist-npz/mnist.npz")
        return try keys.map { try archive.numPyArray($0).tensor() }
    }

    /// The sum of `values[range]`, with a pointer loop (fast enough in a debug build).
    private func sum(_ values: [Float], _ range: Range<Int>) -> Int {
        values.withUnsafeBufferPointer { buffer in
            var total = 0.0
            var pointer = buffer.baseAddress! + range.lowerBound
            let end = buffer.baseAddress! + range.upperBound
            while pointer < end { total += Double(pointer.pointee); pointer += 1 }
            return Int(total)
        }
    }

    private func labelCounts(_ labels: Tensor) -> [Int] {
        var counts = [Int](repeating: 0, count: 10)
        for label in labels.scalars { counts[Int(label)] += 1 }
        return counts
    }

    func testIDXFilesGiveKerasShapes() throws {
        let ((xTrain, yTrain), (xTest, yTest)) = try gzipData()
        XCTAssertEqual(xTrain.shape, [60000, 28, 28])
        XCTAssertEqual(yTrain.shape, [60000])
        XCTAssertEqual(xTest.shape, [10000, 28, 28])
        XCTAssertEqual(yTest.shape, [10000])
    }

    func testPerDigitLabelCountsMatchThePublishedOnes() throws {
        let ((_, yTrain), (_, yTest)) = try gzipData()
        XCTAssertEqual(labelCounts(yTrain), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        XCTAssertEqual(labelCounts(yTest), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        XCTAssertEqual(Array(yTrain.scalars.prefix(10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        XCTAssertEqual(Array(yTest.scalars.prefix(10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9])
    }

    func testKnownPixelSums() throws {
        // Sums computed with Python's gzip + NumPy on the official files.
        let ((xTrain, _), (xTest, _)) = try gzipData()
        XCTAssertEqual(sum(xTrain.scalars, 0..<784), 27525)
        XCTAssertEqual(sum(xTrain.scalars, 59999 * 784..<60000 * 784), 20920)
        XCTAssertEqual(sum(xTest.scalars, 0..<784), 18454)
        XCTAssertEqual(sum(xTest.scalars, 0..<xTest.scalars.count), 264_923_200)
        #if !DEBUG
        XCTAssertEqual(sum(xTrain.scalars, 0..<xTrain.scalars.count), 1_567_298_545)
        #endif
    }

    func testNPZAndIDXSourcesGiveIdenticalTensors() throws {
        let ((xTrain, yTrain), (xTest, yTest)) = try gzipData()
        #if DEBUG
        // Inflating and converting the 47 MB x_train takes seconds in a debug build: compare the rest here,
        // and everything (through MNIST.loadData) in a release build.
        let arrays = try npzArrays(["y_train", "x_test", "y_test"])
        let (nyTrain, nxTest, nyTest) = (arrays[0], arrays[1], arrays[2])
        _ = xTrain
        #else
        let root = try DataTestSupport.requireSharedDatasets()
        let ((nxTrain, nyTrain), (nxTest, nyTest)) = try MNIST.loadData(path: root + "/mnist-npz/mnist.npz")
        XCTAssertEqual(nxTrain.shape, xTrain.shape)
        XCTAssertTrue(nxTrain.scalars == xTrain.scalars, "x_train differs between mnist.npz and the IDX files")
        #endif
        XCTAssertEqual(nxTest.shape, xTest.shape)
        XCTAssertTrue(nxTest.scalars == xTest.scalars, "x_test differs between mnist.npz and the IDX files")
        XCTAssertEqual(nyTrain.shape, yTrain.shape)
        XCTAssertEqual(nyTrain.scalars, yTrain.scalars)
        XCTAssertEqual(nyTest.scalars, yTest.scalars)
    }

    func testSharedFilesMatchTheirPublishedSHA256() throws {
        let root = try DataTestSupport.requireSharedDatasets()
        // The small label files only: hashing 11 MB in a debug build is slow, and the images are CRC-checked.
        for name in ["train-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            let bytes = try readFileBytes(root + "/mnist/" + name)
            XCTAssertEqual(SHA256.hash(bytes), MNIST.format.idxSHA256[name], name)
        }
    }
}
