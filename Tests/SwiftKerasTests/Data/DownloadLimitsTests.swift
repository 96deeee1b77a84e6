import Foundation
import XCTest
@testable import SwiftKeras

/// The downloader's limits: `file://` mirrors, a size cap and an overall deadline.
final class DownloadLimitsTests: XCTestCase {
    private var folder = ""

    override func setUpWithError() throws {
        folder = try DataTestSupport.temporaryFolder()
        DatasetDownloader.isVerbose = false
    }

    override func tearDownWithError() throws {
        DatasetDownloader.isVerbose = true
        try? FileManager.default.removeItem(atPath: folder)
    }

    func testFileURLMirrorServesADataset() throws {
        try DataTestSupport.writeTinyMNIST(in: folder + "/mirror", trainLabels: [8, 1, 8])
        var format = try DataTestSupport.format(MNIST.format, trusting: DataTestSupport.idxFiles(in: folder + "/mirror"))
        format.npzSHA256 = []
        let search = DataTestSupport.isolatedSearch(home: folder, mirrors: [URL(fileURLWithPath: folder + "/mirror").absoluteString])
        XCTAssertEqual(try search.load(format, path: nil).0.1.scalars, [8, 1, 8])
        XCTAssertTrue(FileManager.default.fileExists(atPath: folder + "/.swiftkeras/datasets/mnist/train-images-idx3-ubyte.gz"))
    }

    func testFileLargerThanTheCapIsRefused() throws {
        try Data(count: 5000).write(to: URL(fileURLWithPath: folder + "/big.bin"))
        let url = URL(fileURLWithPath: folder + "/big.bin").absoluteString
        assertThrowsSwiftKerasError(try DatasetDownloader.fetch(url, maximumSize: 4096), kind: .download,
                                    containing: [url, "5000 bytes", "4096"])
        XCTAssertEqual(try DatasetDownloader.fetch(url, maximumSize: 5000).count, 5000)
    }

    func testServerThatNeverAnswersFailsAtTheDeadline() throws {
        // A listening socket that never accepts: the request waits forever for a response.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        XCTAssertGreaterThanOrEqual(listener, 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        guard bound, listen(listener, 4) == 0 else { throw XCTSkip("cannot listen on 127.0.0.1") }
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/mnist.npz"
        let start = Date()
        assertThrowsSwiftKerasError(try DatasetDownloader.fetch(url, deadline: Date().addingTimeInterval(1)), kind: .download,
                                    containing: [url, "did not finish within the time limit"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }
}
