import XCTest
@testable import SwiftKeras

/// Where `MNIST.loadData` looks, in order, using tiny synthetic datasets in temporary folders.
final class MNISTSearchTests: XCTestCase {
    private var home = ""

    override func setUpWithError() throws {
        home = try DataTestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: home + "/work", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: home)
    }

    func testExplicitFolderOfIDXFilesLoads() throws {
        let written = try DataTestSupport.writeTinyMNIST(in: home + "/digits")
        let ((xTrain, yTrain), (xTest, yTest)) = try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: home + "/digits")
        XCTAssertEqual(xTrain.shape, [3, 28, 28])
        XCTAssertEqual(xTrain.scalars, written.train.map(Float.init))
        XCTAssertEqual(yTrain.scalars, [5, 0, 4])
        XCTAssertEqual(xTest.shape, [2, 28, 28])
        XCTAssertEqual(yTest.scalars, [7, 2])
    }

    func testExplicitNPZFileLoads() throws {
        let npz = try writeTinyNPZ(at: home + "/tiny.npz")
        let ((xTrain, yTrain), (_, yTest)) = try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: npz)
        XCTAssertEqual(xTrain.shape, [3, 28, 28])
        XCTAssertEqual(yTrain.scalars, [1, 2, 3])
        XCTAssertEqual(yTest.scalars, [9, 8])
    }

    func testEnvironmentFolderComesBeforeKerasCache() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/data/mnist", trainLabels: [1, 1, 1])
        try FileManager.default.createDirectory(atPath: home + "/.keras/datasets", withIntermediateDirectories: true)
        _ = try writeTinyNPZ(at: home + "/.keras/datasets/mnist.npz")
        let search = DataTestSupport.isolatedSearch(home: home, variables: ["SWIFTKERAS_DATA": home + "/data"])
        XCTAssertEqual(try search.load(MNIST.format, path: nil).0.1.scalars, [1, 1, 1])
        let withoutVariable = DataTestSupport.isolatedSearch(home: home)
        let trusted = try DataTestSupport.format(MNIST.format, trusting: [home + "/.keras/datasets/mnist.npz"])
        XCTAssertEqual(try withoutVariable.load(trusted, path: nil).0.1.scalars, [1, 2, 3], "falls back to ~/.keras")
    }

    func testSharedDatasetsBesideCurrentDirectoryAreFound() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/shared/datasets/mnist", trainLabels: [4, 4, 4])
        let trusted = try DataTestSupport.format(MNIST.format, trusting: DataTestSupport.idxFiles(in: home + "/shared/datasets/mnist"))
        XCTAssertEqual(try DataTestSupport.isolatedSearch(home: home).load(trusted, path: nil).0.1.scalars, [4, 4, 4])
    }

    func testKerasHomeVariableIsReused() throws {
        try FileManager.default.createDirectory(atPath: home + "/kh/datasets", withIntermediateDirectories: true)
        _ = try writeTinyNPZ(at: home + "/kh/datasets/mnist.npz")
        let search = DataTestSupport.isolatedSearch(home: home, variables: ["KERAS_HOME": home + "/kh"])
        let trusted = try DataTestSupport.format(MNIST.format, trusting: [home + "/kh/datasets/mnist.npz"])
        XCTAssertEqual(try search.load(trusted, path: nil).1.1.scalars, [9, 8])
    }

    func testSwiftKerasCacheIsUsed() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/.swiftkeras/datasets/fashion-mnist", trainLabels: [6, 6, 6])
        let trusted = try DataTestSupport.format(FashionMNIST.format,
                                                 trusting: DataTestSupport.idxFiles(in: home + "/.swiftkeras/datasets/fashion-mnist"))
        XCTAssertEqual(try DataTestSupport.isolatedSearch(home: home).load(trusted, path: nil).0.1.scalars, [6, 6, 6])
    }

    func testNothingFoundListsEveryPlaceAndHowToProvideData() {
        let search = DataTestSupport.isolatedSearch(home: home, mirrors: [])
        assertThrowsSwiftKerasError(try search.load(MNIST.format, path: nil), containing: [
            "MNIST data not found", "$SWIFTKERAS_DATA (not set)", home + "/shared/datasets/mnist/",
            home + "/.keras/datasets/mnist.npz", home + "/.swiftkeras/datasets/mnist/", "no download mirror configured",
            "loadData(path:)", "SWIFTKERAS_DATA", "SWIFTKERAS_MNIST_MIRROR",
        ])
    }

    func testMissingExplicitPathThrows() {
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: home + "/nope"),
                                    kind: .io, containing: [home + "/nope", "does not exist"])
    }

    func testLabelAboveNineThrowsNamingFileAndOffset() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/bad", trainLabels: [5, 12, 4])
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: home + "/bad"),
                                    kind: .fileFormat, containing: ["train-labels-idx1-ubyte.gz", "at byte 9", "label 12.0 at index 1"])
    }

    func testImageAndLabelCountsThatDifferThrow() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/uneven", trainLabels: [5, 0, 4], trainImageCount: 4)
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: home + "/uneven"),
                                    kind: .fileFormat, containing: ["3 labels for the 4 images", "train-images-idx3-ubyte.gz"])
    }

    func testNPZWithoutAnExpectedMemberThrows() throws {
        let path = home + "/partial.npz"
        try ZipArchive.write([("x_train.npy", NumPyArray(Tensor(zeros: [1, 28, 28])).serialized())], to: path)
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: path),
                                    kind: .fileFormat, containing: [path, "'y_train.npy' is missing"])
    }

    /// A Keras-layout .npz: uint8 x_train [3, 28, 28], y_train [1, 2, 3], x_test [2, 28, 28], y_test [9, 8].
    private func writeTinyNPZ(at path: String) throws -> String {
        func uint8(_ values: [UInt8], _ shape: [Int]) throws -> [UInt8] {
            try NumPyArray(dtype: .uint8, shape: shape, data: values).serialized()
        }
        try ZipArchive.write([
            ("x_train.npy", try uint8([UInt8](repeating: 3, count: 3 * 784), [3, 28, 28])),
            ("y_train.npy", try uint8([1, 2, 3], [3])),
            ("x_test.npy", try uint8([UInt8](repeating: 4, count: 2 * 784), [2, 28, 28])),
            ("y_test.npy", try uint8([9, 8], [2])),
        ], to: path)
        return path
    }
}
