import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes files so that a crash or a failed write never destroys the previous good file: the bytes go to a
/// temporary file in the same folder, are flushed to disk, and the temporary file is renamed over the target.
///
/// The replaced file keeps its permission bits (a 0600 file stays 0600). Temporaries are named
/// `.<name>.<writer pid>.<UUID>.tmp`; each write first removes the stale ones of the same target that an
/// interrupted write left behind: those whose writer process is gone, or older than `staleAge` seconds (a minute without a writer id).
public enum AtomicFile {
    /// A hook for tests: when set, it is called after the temporary file is written and before the rename;
    /// throwing from it simulates a crash mid-write.
    nonisolated(unsafe) package static var beforeRename: ((String) throws -> Void)?

    /// Seconds after which a temporary of the same target is stale even if a process with its writer's id runs
    /// (process ids are reused). A temporary without a writer id (older SwiftKeras) is stale after a minute.
    nonisolated(unsafe) public static var staleAge: TimeInterval = 3600

    /// Atomically replaces the file at `path` with `data`, keeping an existing file's permission bits.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SwiftKerasError.io("cannot create folder \(folder.path): \(error.localizedDescription)")
        }
        removeStaleTemporaries(of: path)
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw SwiftKerasError.io("cannot create temporary file \(temporary.path) (is \(folder.path) writable?)")
        }
        do {
            var existing = stat()
            if stat(path, &existing) == 0, chmod(temporary.path, existing.st_mode & 0o7777) != 0 {
                throw SwiftKerasError.io("cannot give \(temporary.path) the mode of \(path): \(String(cString: strerror(errno)))")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try beforeRename?(temporary.path)
            if rename(temporary.path, url.path) != 0 {
                throw SwiftKerasError.io("cannot rename \(temporary.path) to \(path): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let error = error as? SwiftKerasError { throw error }
            throw SwiftKerasError.io("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Removes the temporaries of `path` left by interrupted writes: only names this type makes
    /// (`.<name>.[<pid>.]<UUID>.tmp`), and only when their writer is gone or they are older than `staleAge`.
    package static func removeStaleTemporaries(of path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = name.dropFirst(prefix.count).dropLast(4).split(separator: ".")
            guard let last = middle.last, UUID(uuidString: String(last)) != nil, middle.count <= 2 else { continue }
            let writer = middle.count == 2 ? pid_t(String(middle[0])) : nil
            guard middle.count == 1 || writer != nil else { continue }
            let file = (folder as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let age = Date().timeIntervalSince1970 - TimeInterval(info.st_mtim.tv_sec)
            let writerGone = writer.map { $0 != getpid() && kill($0, 0) != 0 && errno == ESRCH } ?? false
            if writerGone || age > (writer == nil ? min(60, staleAge) : staleAge) { unlink(file) }
        }
    }
}
