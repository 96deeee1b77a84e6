import XCTest
@testable import SwiftKeras

/// `CIFAR10.loadData` on tiny archives the tests write (no network).
final class CIFAR10Tests: XCTestCase {
    private var home = ""

    override func setUpWithError() throws {
        home = try DataTestSupport.temporaryFolder()
        try FileManager.default.createDirectory(atPath: home + "/work", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: home) }

    func testArchiveRecordsBecomeHWCImagesAndLabels() throws {
        let archive = try TarTestFiles.writeCIFARArchive(in: home + "/data")
        let ((xTrain, yTrain), (xTest, yTest)) = try DataTestSupport.isolatedSearch(home: home).loadCIFAR10(path: archive)
        XCTAssertEqual(xTrain.shape, [6, 32, 32, 3])
        XCTAssertEqual(yTrain.scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(xTest.shape, [1, 32, 32, 3])
        XCTAssertEqual(yTest.scalars, [9])
        // Pixel (row, column) of channel c is plane byte c·1024 + 32·row + column: (c·50 + p + seed) mod 256.
        for (image, seed) in [(0, 0), (1, 1), (5, 5)] {
            for (row, column, channel) in [(0, 0, 0), (0, 1, 2), (3, 17, 1), (31, 31, 2)] {
                let pixel = 32 * row + column
                let value = xTrain.scalars[((image * 32 + row) * 32 + column) * 3 + channel]
                XCTAssertEqual(value, Float((channel * 50 + pixel + seed) % 256), "image \(image) (\(row), \(column), \(channel))")
            }
        }
        XCTAssertEqual(xTest.scalars[3 * 40 + 1], Float((50 + 40 + 9) % 256))
    }

    func testExtractedFolderLoadsTheSameAsTheArchive() throws {
        let archive = try TarTestFiles.writeCIFARArchive(in: home + "/data")
        for (name, data) in TarTestFiles.cifarFiles() {
            try FileManager.default.createDirectory(atPath: home + "/x/" + (name as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(data).write(to: URL(fileURLWithPath: home + "/x/" + name))
        }
        let search = DataTestSupport.isolatedSearch(home: home)
        let fromFolder = try search.loadCIFAR10(path: home + "/x"), fromArchive = try search.loadCIFAR10(path: archive)
        XCTAssertEqual(fromFolder.0.0, fromArchive.0.0)
        XCTAssertEqual(fromFolder.1.1, fromArchive.1.1)
    }

    /// An archive written by GNU tar and gzip (folder entries, a GNU long-name member), independently of our writers.
    func testArchiveWrittenByGNUTarLoads() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tar") else { throw XCTSkip("/usr/bin/tar is not installed") }
        for (name, data) in TarTestFiles.cifarFiles() {
            try FileManager.default.createDirectory(atPath: home + "/x/" + (name as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(data).write(to: URL(fileURLWithPath: home + "/x/" + name))
        }
        try Data([1]).write(to: URL(fileURLWithPath: home + "/x/cifar-10-batches-bin/" + String(repeating: "n", count: 150)))
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        tar.arguments = ["--format=gnu", "-czf", home + "/gnu.tar.gz", "-C", home + "/x", "cifar-10-batches-bin"]
        try tar.run()
        tar.waitUntilExit()
        XCTAssertEqual(tar.terminationStatus, 0)
        let ((xTrain, yTrain), (_, yTest)) = try DataTestSupport.isolatedSearch(home: home).loadCIFAR10(path: home + "/gnu.tar.gz")
        XCTAssertEqual(yTrain.scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(yTest.scalars, [9])
        XCTAssertEqual(xTrain.scalars[3 * 33 + 2], Float((100 + 33) % 256))
    }

    func testEnvironmentFolderIsTrustedAndCachesNeedTheOfficialSHA256() throws {
        try TarTestFiles.writeCIFARArchive(in: home + "/mine")
        let search = DataTestSupport.isolatedSearch(home: home, variables: ["SWIFTKERAS_DATA": home + "/mine"])
        XCTAssertEqual(try search.loadCIFAR10(path: nil).1.1.scalars, [9])
        let cached = try TarTestFiles.writeCIFARArchive(in: home + "/.keras/datasets")
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).loadCIFAR10(path: nil), kind: .invalidData,
                                    containing: [cached, "SHA-256", CIFAR10.archiveSHA256])
        let digest = SHA256.hash(try readFileBytes(cached))
        XCTAssertEqual(try DataTestSupport.isolatedSearch(home: home).loadCIFAR10(path: nil, archiveSHA256: digest).0.1.count, 6)
    }

    func testDownloadIsVerifiedBeforeItIsCached() throws {
        let served = try TarTestFiles.writeCIFARArchive(in: home + "/server")
        let search = DataTestSupport.isolatedSearch(home: home, mirrors: ["file://" + served])
        let saved = DatasetDownloader.isVerbose
        DatasetDownloader.isVerbose = false
        defer { DatasetDownloader.isVerbose = saved }
        assertThrowsSwiftKerasError(try search.loadCIFAR10(path: nil), kind: .download, containing: ["checksum mismatch", "not found"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: home + "/.swiftkeras/datasets/cifar10/cifar-10-binary.tar.gz"))
        let digest = SHA256.hash(try readFileBytes(served))
        XCTAssertEqual(try search.loadCIFAR10(path: nil, archiveSHA256: digest).0.1.scalars, [0, 1, 2, 3, 4, 5])
        XCTAssertTrue(FileManager.default.fileExists(atPath: home + "/.swiftkeras/datasets/cifar10/cifar-10-binary.tar.gz"))
    }

    func testPartialRecordThrowsNamingTheFile() throws {
        var files = TarTestFiles.cifarFiles()
        files[2].data.removeLast(10)
        let path = home + "/bad.tar.gz"
        try Data(Gzip.compress(TarTestFiles.archive(files))).write(to: URL(fileURLWithPath: path))
        assertThrowsSwiftKerasError(try DataTestSupport.isolatedSearch(home: home).loadCIFAR10(path: path), kind: .fileFormat,
                                    containing: [path, "data_batch_3.bin", "3073-byte records"])
    }
}
