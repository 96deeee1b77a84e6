import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads dataset files, verifies their SHA-256 and moves them atomically into a cache folder.
///
/// A download is all or nothing: every file is fetched and checked in memory first, and only then written
/// (each through `AtomicFile`), so a failed or corrupt download leaves nothing behind in the cache.
public enum DatasetDownloader {
    /// Seconds a request may wait for the server before it fails.
    nonisolated(unsafe) public static var timeout: TimeInterval = 30
    /// Whether to print "Downloading data from <url>" lines, as Keras does.
    nonisolated(unsafe) public static var isVerbose = true

    /// Fetches the bytes at `url` (HTTP status 200 required).
    /// - Parameter url: an http, https or file URL.
    /// - Returns: the response body.
    public static func fetch(_ url: String) throws -> [UInt8] {
        guard let address = URL(string: url), address.scheme != nil else {
            throw SwiftKerasError.download("not a valid URL: '\(url)'")
        }
        final class Outcome: @unchecked Sendable {
            var data: Data?, response: URLResponse?, error: Error?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration)
        let task = session.dataTask(with: address) { data, response, error in
            outcome.data = data
            outcome.response = response
            outcome.error = error
            done.signal()
        }
        task.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        if let error = outcome.error {
            throw SwiftKerasError.download("downloading \(url) failed: \(error.localizedDescription)")
        }
        if let http = outcome.response as? HTTPURLResponse, http.statusCode != 200 {
            throw SwiftKerasError.download("downloading \(url) failed: HTTP status \(http.statusCode)")
        }
        guard let data = outcome.data else { throw SwiftKerasError.download("downloading \(url) returned no data") }
        return [UInt8](data)
    }

    /// Downloads `files` from `baseURL`, checks each SHA-256, then writes them into `folder`.
    /// - Parameters:
    ///   - files: file names (appended to `baseURL`) and their expected SHA-256 hex digests.
    ///   - baseURL: the mirror's folder URL (a trailing `/` is added when missing).
    ///   - folder: the cache folder that receives the verified files.
    public static func download(files: [(name: String, sha256: String)], from baseURL: String, into folder: String) throws {
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        var verified: [(path: String, bytes: [UInt8])] = []
        for file in files {
            let url = base + file.name
            if isVerbose { print("Downloading data from \(url)") }
            let bytes = try fetch(url)
            let digest = SHA256.hash(bytes)
            guard digest == file.sha256.lowercased() else {
                throw SwiftKerasError.download("checksum mismatch for \(url): SHA-256 \(digest), expected \(file.sha256) (\(bytes.count) bytes received); nothing was written to \(folder)")
            }
            verified.append(((folder as NSString).appendingPathComponent(file.name), bytes))
        }
        var written: [String] = []
        do {
            for file in verified {
                try AtomicFile.write(Data(file.bytes), to: file.path)
                written.append(file.path)
            }
        } catch {
            for path in written { try? FileManager.default.removeItem(atPath: path) }
            throw error
        }
    }
}
