import Foundation
import XCTest
@testable import SwiftKeras

/// Shared helpers for the data tests: the shared datasets folder, temporary folders, hex vectors.
enum DataTestSupport {
    /// `$SWIFTKERAS_DATA`, or `datasets` in the shared folder (`$SWIFTKERAS_SHARED`, else `../shared` beside the
    /// package root, found from this file through symlinks); nil when neither holds `mnist/`.
    static var sharedDatasets: String? {
        let environment = ProcessInfo.processInfo.environment
        if let variable = environment["SWIFTKERAS_DATA"],
           FileManager.default.fileExists(atPath: variable + "/mnist") { return variable }
        let packageRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = environment["SWIFTKERAS_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        let folder = shared.appendingPathComponent("datasets").path
        return FileManager.default.fileExists(atPath: folder + "/mnist") ? folder : nil
    }

    /// The shared datasets folder; when it is absent, a skip saying why the test cannot run (a failure under CI=true).
    static func requireSharedDatasets() throws -> String {
        guard let folder = sharedDatasets else {
            try skipOrFailInCI("../shared/datasets (or $SWIFTKERAS_SHARED/datasets, $SWIFTKERAS_DATA) with mnist/ is absent: "
                               + "the real-MNIST checks need it")
        }
        return folder
    }

    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "swiftkeras-data-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Bytes from a hex string ("1f8b08...").
    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// Writes a small MNIST-format dataset (3 train and 2 test images of 28x28) as IDX .gz files in `folder`.
    /// Pixel values are `(image * 7 + pixel) % 256`; labels are `trainLabels` and `testLabels`.
    @discardableResult
    static func writeTinyMNIST(in folder: String, trainLabels: [UInt8] = [5, 0, 4], testLabels: [UInt8] = [7, 2],
                               trainImageCount: Int? = nil) throws -> (train: [UInt8], test: [UInt8]) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        func pixels(_ count: Int) -> [UInt8] {
            (0..<count * 784).map { (index: Int) -> UInt8 in
                let image = index / 784, pixel = index % 784
                return UInt8((image * 7 + pixel) % 256)
            }
        }
        let train = pixels(trainImageCount ?? trainLabels.count), test = pixels(testLabels.count)
        let files: [(String, IDXFile)] = [
            ("train-images-idx3-ubyte.gz", try IDXFile(uint8: train, shape: [train.count / 784, 28, 28])),
            ("train-labels-idx1-ubyte.gz", try IDXFile(uint8: trainLabels, shape: [trainLabels.count])),
            ("t10k-images-idx3-ubyte.gz", try IDXFile(uint8: test, shape: [testLabels.count, 28, 28])),
            ("t10k-labels-idx1-ubyte.gz", try IDXFile(uint8: testLabels, shape: [testLabels.count])),
        ]
        for (name, file) in files {
            try Data(Gzip.compress(file.serialized())).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        return (train, test)
    }

    /// `format` with the SHA-256 of each file in `paths` as its known digest, so the search accepts these
    /// synthetic files where it only accepts official ones (caches and shared folders).
    static func format(_ format: MNISTFormat, trusting paths: [String]) throws -> MNISTFormat {
        var trusted = format
        for path in paths {
            let name = (path as NSString).lastPathComponent, digest = SHA256.hash(try readFileBytes(path))
            if name == format.npzName { trusted.npzSHA256 = [digest] } else { trusted.idxSHA256[name] = digest }
        }
        return trusted
    }

    /// The four IDX `.gz` files of `folder`.
    static func idxFiles(in folder: String) -> [String] { MNISTFormat.idxNames.map { folder + "/" + $0 + ".gz" } }

    /// A search environment that sees only what a test sets up (no real home, no mirrors).
    static func isolatedSearch(home: String, variables: [String: String] = [:], mirrors: [String] = []) -> DataSearch {
        var search = DataSearch(variables: variables, homeDirectory: home, currentDirectory: home + "/work", mirrors: mirrors)
        search.kerasFallbackRoot = home + "/tmp-keras"
        return search
    }
}

/// Asserts that `body` throws a `SwiftKerasError` whose message contains every string in `fragments`.
func assertThrowsSwiftKerasError<T>(_ body: @autoclosure () throws -> T, kind: SwiftKerasError.Kind? = nil,
                                    containing fragments: [String], file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected a SwiftKerasError containing \(fragments)", file: file, line: line)
    } catch let error as SwiftKerasError {
        if let kind { XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line) }
        for fragment in fragments {
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' should contain '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("expected a SwiftKerasError, got \(error)", file: file, line: line)
    }
}
