import Foundation
import XCTest
@testable import SwiftKeras

/// Which files the search trusts: official files (by SHA-256) wherever it finds them, any file in the format
/// when the user names it (`path:` or `$SWIFTKERAS_DATA`); and `/tmp/.keras` only when `~/.keras` is not writable.
final class DataTrustTests: XCTestCase {
    private var home = ""

    override func setUpWithError() throws {
        home = try DataTestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: home + "/work", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: home) }

    func testFoundFileWithAnUnknownHashThrowsNamingItAndTheFix() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/.keras/datasets/mnist", trainLabels: [1, 2, 3])
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: nil), kind: .fileFormat,
                                    containing: [home + "/.keras/datasets/mnist/train-images-idx3-ubyte.gz", "SHA-256",
                                                 "Delete it", "loadData(path:)"])
    }

    func testExplicitPathAndDataVariableAcceptUnofficialFiles() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/mine/mnist", trainLabels: [7, 7, 7])
        XCTAssertEqual(try DataTestSupport.isolatedSearch(home: home).load(MNIST.format, path: home + "/mine/mnist").0.1.scalars, [7, 7, 7])
        let search = DataTestSupport.isolatedSearch(home: home, variables: ["SWIFTKERAS_DATA": home + "/mine"])
        XCTAssertEqual(try search.load(MNIST.format, path: nil).0.1.scalars, [7, 7, 7])
    }

    func testSharedTmpCacheIsIgnoredWhileTheHomeCacheIsWritable() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/tmp-keras/datasets/mnist", trainLabels: [2, 2, 2])
        let trusted = try DataTestSupport.format(MNIST.format, trusting: DataTestSupport.idxFiles(in: home + "/tmp-keras/datasets/mnist"))
        var search = DataTestSupport.isolatedSearch(home: home)
        search.isWritable = { _ in true }
        assertThrowsSwiftKerasError(try search.load(trusted, path: nil), containing: ["MNIST data not found"])
        search.isWritable = { _ in false }
        XCTAssertEqual(try search.load(trusted, path: nil).0.1.scalars, [2, 2, 2], "used when ~/.keras is not writable")
    }

    func testHomeCacheComesBeforeTheSharedTmpCache() throws {
        try DataTestSupport.writeTinyMNIST(in: home + "/tmp-keras/datasets/mnist", trainLabels: [2, 2, 2])
        try DataTestSupport.writeTinyMNIST(in: home + "/.keras/datasets/mnist", trainLabels: [3, 3, 3])
        let trusted = try DataTestSupport.format(MNIST.format, trusting: DataTestSupport.idxFiles(in: home + "/.keras/datasets/mnist"))
        var search = DataTestSupport.isolatedSearch(home: home)
        search.isWritable = { _ in false }
        XCTAssertEqual(try search.load(trusted, path: nil).0.1.scalars, [3, 3, 3])
    }

    func testHomeVariableIsPreferredOverThePasswordEntry() {
        let saved = ProcessInfo.processInfo.environment["HOME"]
        setenv("HOME", home, 1)
        defer { if let saved { setenv("HOME", saved, 1) } else { unsetenv("HOME") } }
        XCTAssertEqual(DataSearch.current(mirrors: []).homeDirectory, home)
    }

    func testOfficialDigestsAreKnownForCompressedAndUncompressedMNIST() {
        for name in MNISTFormat.idxNames {
            XCTAssertEqual(MNIST.format.idxSHA256[name]?.count, 64)
            XCTAssertEqual(MNIST.format.idxSHA256[name + ".gz"]?.count, 64)
        }
    }
}
