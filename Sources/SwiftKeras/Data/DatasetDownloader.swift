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
    /// Seconds one `download` or `downloadFile` call may take in all, however slowly the server trickles.
    nonisolated(unsafe) public static var totalTimeout: TimeInterval = 600
    /// The most bytes one file may have when the caller gives no expected size (64 MiB).
    nonisolated(unsafe) public static var maximumFileSize = 64 << 20
    /// Whether to print "Downloading data from <url>" lines, as Keras does.
    nonisolated(unsafe) public static var isVerbose = true

    /// Fetches the bytes at `url` (HTTP status 200 required).
    /// - Parameters:
    ///   - url: an http, https or `file://` URL (a file URL is read directly, on every platform).
    ///   - maximumSize: more bytes than this fails the transfer as soon as they arrive.
    ///   - deadline: when the transfer must have finished; it is cancelled then.
    /// - Returns: the response body.
    public static func fetch(_ url: String, maximumSize: Int? = nil, deadline: Date? = nil) throws -> [UInt8] {
        guard let address = URL(string: url), address.scheme != nil else {
            throw SwiftKerasError.download("not a valid URL: '\(url)'")
        }
        let limit = maximumSize ?? maximumFileSize
        if address.isFileURL { return try readLocal(address, limit: limit, url: url) }
        let transfer = Transfer(limit: limit)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: nil)
        let task = session.dataTask(with: address)
        task.resume()
        let finishBy = deadline ?? Date().addingTimeInterval(totalTimeout)
        if transfer.done.wait(timeout: .now() + max(0, finishBy.timeIntervalSinceNow)) == .timedOut {
            task.cancel()
            session.invalidateAndCancel()
            throw SwiftKerasError.download("downloading \(url) did not finish within the time limit (DatasetDownloader.totalTimeout, \(Int(totalTimeout)) s); \(transfer.received) bytes had arrived")
        }
        session.finishTasksAndInvalidate()
        if transfer.exceeded {
            throw SwiftKerasError.download("downloading \(url) stopped: the file is larger than the \(limit) bytes expected at most")
        }
        if let error = transfer.error {
            throw SwiftKerasError.download("downloading \(url) failed: \(error.localizedDescription)")
        }
        if let http = transfer.response as? HTTPURLResponse, http.statusCode != 200 {
            throw SwiftKerasError.download("downloading \(url) failed: HTTP status \(http.statusCode)")
        }
        return transfer.bytes()
    }

    /// Reads a `file://` URL (FoundationNetworking on Linux does not serve them), refusing files over `limit`.
    private static func readLocal(_ address: URL, limit: Int, url: String) throws -> [UInt8] {
        let size = (try? FileManager.default.attributesOfItem(atPath: address.path)[.size] as? Int) ?? nil
        guard let size else { throw SwiftKerasError.download("downloading \(url) failed: no readable file at \(address.path)") }
        guard size <= limit else {
            throw SwiftKerasError.download("downloading \(url) stopped: the file has \(size) bytes, more than the \(limit) expected at most")
        }
        return try readFileBytes(address.path)
    }

    /// Collects one transfer's bytes, cancelling it once they pass `limit`.
    private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
        let limit: Int
        let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var data = Data()
        private(set) var response: URLResponse?
        private(set) var error: Error?
        private(set) var exceeded = false

        init(limit: Int) { self.limit = limit }

        var received: Int { lock.withLock { data.count } }
        func bytes() -> [UInt8] { lock.withLock { [UInt8](data) } }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
            lock.withLock { self.response = response }
            if response.expectedContentLength > Int64(limit) {
                lock.withLock { exceeded = true }
                completionHandler(.cancel)
            } else {
                completionHandler(.allow)
            }
        }

        func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
            let over = lock.withLock { () -> Bool in
                self.data.append(data)
                if self.data.count > limit { exceeded = true }
                return exceeded
            }
            if over { dataTask.cancel() }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
            lock.withLock { self.error = error }
            done.signal()
        }
    }

    /// Downloads `files` from `baseURL`, checks each SHA-256, then writes them into `folder`.
    /// - Parameters:
    ///   - files: file names (appended to `baseURL`) and their expected SHA-256 hex digests.
    ///   - baseURL: the mirror's folder URL (a trailing `/` is added when missing).
    ///   - folder: the cache folder that receives the verified files.
    ///   - maximumSize: the most bytes any one file may have (default `maximumFileSize`).
    public static func download(files: [(name: String, sha256: String)], from baseURL: String, into folder: String,
                                maximumSize: Int? = nil) throws {
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        let deadline = Date().addingTimeInterval(totalTimeout)
        var verified: [(path: String, bytes: [UInt8])] = []
        for file in files {
            let url = base + file.name
            if isVerbose { print("Downloading data from \(url)") }
            let bytes = try fetch(url, maximumSize: maximumSize, deadline: deadline)
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
