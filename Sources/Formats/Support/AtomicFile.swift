import Foundation

/// Writes files so that a crash or a failed write never destroys the previous good file: the bytes go to a
/// temporary file in the same folder, are flushed to disk, and the temporary file is renamed over the target.
public enum AtomicFile {
    /// A hook for tests: when set, it is called after the temporary file is written and before the rename;
    /// throwing from it simulates a crash mid-write.
    nonisolated(unsafe) package static var beforeRename: ((String) throws -> Void)?

    /// Atomically replaces the file at `path` with `data`.
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SwiftKerasError.io("cannot create folder \(folder.path): \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw SwiftKerasError.io("cannot create temporary file \(temporary.path) (is \(folder.path) writable?)")
        }
        do {
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
}
