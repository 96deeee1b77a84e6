import Foundation
import XCTest
@testable import SwiftKeras

/// The download path against a real HTTP server: `python3 -m http.server` on 127.0.0.1, started per test.
final class DownloadTests: XCTestCase {
    private var server: Process?
    private var served = ""
    private var home = ""
    private var baseURL = ""

    override func setUpWithError() throws {
        home = try DataTestSupport.temporaryFolder()
        served = home + "/served"
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        DatasetDownloader.isVerbose = false
        baseURL = "http://127.0.0.1:\(try startServer(in: served))/"
    }

    override func tearDownWithError() throws {
        stopServer()
        DatasetDownloader.isVerbose = true
        try? FileManager.default.removeItem(atPath: home)
    }

    /// Starts `python3 -u -m http.server 0` and returns the port it reports; skips when python3 is missing.
    private func startServer(in folder: String) throws -> Int {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
                ?? which("python3") else {
            throw XCTSkip("python3 is not installed: the download tests need it for a local HTTP server")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        server = process
        // First line: "Serving HTTP on 127.0.0.1 port 43117 (http://127.0.0.1:43117/) ..."
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while !text.contains("\n"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"port (\d+)"#, options: .regularExpression),
              let port = Int(text[range].dropFirst(5)) else {
            throw XCTSkip("could not start python3 -m http.server (it printed '\(text)')")
        }
        return port
    }

    private func stopServer() {
        guard let server, server.isRunning else { return }
        server.terminate()
        server.waitUntilExit()
        self.server = nil
    }

    private func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        return paths.map { "\($0)/\(name)" }.first(where: FileManager.default.isExecutableFile)
    }

    private func contents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    func testVerifiedFilesAreDownloadedIntoTheCache() throws {
        let files = try ["a.bin": Array("first file".utf8), "b.bin": Array("second".utf8)].map { name, bytes in
            try Data(bytes).write(to: URL(fileURLWithPath: served + "/" + name))
            return (name: name, sha256: SHA256.hash(bytes))
        }
        try DatasetDownloader.download(files: files, from: baseURL, into: home + "/cache")
        XCTAssertEqual(contents(of: home + "/cache"), ["a.bin", "b.bin"])
        XCTAssertEqual(try readFileBytes(home + "/cache/b.bin"), Array("second".utf8))
    }

    func testWrongChecksumThrowsAndLeavesTheCacheUntouched() throws {
        try Data("good".utf8).write(to: URL(fileURLWithPath: served + "/good.bin"))
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: served + "/bad.bin"))
        let files = [(name: "good.bin", sha256: SHA256.hash(Array("good".utf8))),
                     (name: "bad.bin", sha256: SHA256.hash(Array("original".utf8)))]
        assertThrowsSwiftKerasError(try DatasetDownloader.download(files: files, from: baseURL, into: home + "/cache"),
                                    kind: .download, containing: [baseURL + "bad.bin", "checksum mismatch"])
        XCTAssertEqual(contents(of: home + "/cache"), [], "a failed download must leave nothing behind")
    }

    func testServerGoneThrowsNamingTheURL() throws {
        stopServer()
        assertThrowsSwiftKerasError(try DatasetDownloader.fetch(baseURL + "missing.bin"), kind: .download,
                                    containing: [baseURL + "missing.bin"])
    }

    func testMissingFileOnServerThrowsWithStatus() {
        assertThrowsSwiftKerasError(try DatasetDownloader.fetch(baseURL + "absent.gz"), containing: [baseURL + "absent.gz", "404"])
    }

    func testDatasetDownloadsFromMirrorVerifiesAndThenLoadsFromCache() throws {
        // A tiny dataset in the MNIST layout, described with its own SHA-256 digests (the real MNIST digests
        // are checked against the shared files in MNISTRealDataTests).
        try DataTestSupport.writeTinyMNIST(in: served, trainLabels: [3, 1, 4])
        var digests: [String: String] = [:]
        for name in MNISTFormat.idxNames { digests[name + ".gz"] = SHA256.hash(try readFileBytes(served + "/\(name).gz")) }
        let format = MNISTFormat(displayName: "Tiny", folderName: "tiny", npzName: "tiny.npz", idxSHA256: digests,
                                 npzSHA256: [], mirrorVariable: "TINY_MIRROR", acceptsBareFolder: false,
                                 maximumDownloadSize: 1 << 20)
        // A mirror serving corrupt copies comes first: it must fail and leave the cache empty.
        try FileManager.default.createDirectory(atPath: served + "/corrupt", withIntermediateDirectories: true)
        for name in MNISTFormat.idxNames {
            try Data([0x1F, 0x8B, 0]).write(to: URL(fileURLWithPath: served + "/corrupt/\(name).gz"))
        }
        let search = DataTestSupport.isolatedSearch(home: home, variables: ["TINY_MIRROR": baseURL + "corrupt/"], mirrors: [baseURL])
        XCTAssertEqual(search.mirrorList(for: format), [baseURL + "corrupt/", baseURL])
        let ((xTrain, yTrain), _) = try search.load(format, path: nil)
        XCTAssertEqual(xTrain.shape, [3, 28, 28])
        XCTAssertEqual(yTrain.scalars, [3, 1, 4])
        let cache = home + "/.swiftkeras/datasets/tiny"
        XCTAssertEqual(contents(of: cache), MNISTFormat.idxNames.map { $0 + ".gz" }.sorted())
        // With the server gone, the cache alone serves the next load.
        stopServer()
        XCTAssertEqual(try search.load(format, path: nil).0.1.scalars, [3, 1, 4])
    }

    func testUnreachableMirrorErrorNamesItAndThePlacesLooked() throws {
        stopServer()
        let search = DataTestSupport.isolatedSearch(home: home, mirrors: [baseURL])
        assertThrowsSwiftKerasError(try search.load(MNIST.format, path: nil), kind: .download,
                                    containing: [baseURL + "train-images-idx3-ubyte.gz", "Looked in", home + "/.keras/datasets/mnist.npz"])
        XCTAssertEqual(contents(of: home + "/.swiftkeras/datasets/mnist"), [])
    }
}
