import Foundation

/// Finds an MNIST-format dataset in the usual places, in order, downloading it as a last resort.
///
/// Order when no path is given:
/// 1. `$SWIFTKERAS_DATA`: a folder holding `mnist/` (IDX files), `mnist.npz` or `mnist-npz/mnist.npz`
///    (MNIST also accepts the IDX files directly in it);
/// 2. `../shared/datasets` beside the current directory, laid out the same way;
/// 3. Keras's cache: `$KERAS_HOME/datasets/`, `~/.keras/datasets/`, and `/tmp/.keras/datasets/` only when
///    `~/.keras` is not writable, as Keras does (`mnist.npz`, or the `fashion-mnist/` folder of IDX files);
/// 4. SwiftKeras's cache: `$SWIFTKERAS_HOME/datasets/mnist/`, else `~/.swiftkeras/datasets/mnist/`;
/// 5. a download from `$SWIFTKERAS_MNIST_MIRROR` (or `$SWIFTKERAS_FASHION_MNIST_MIRROR`), then the
///    dataset's `mirrors`, verified by SHA-256 and moved atomically into SwiftKeras's cache.
///
/// Trust: a path given to `load` and the folder `$SWIFTKERAS_DATA` names are the user's own choice and may
/// hold any files in the format (synthetic or subsets). Every file found anywhere else (shared folders and
/// caches, which other users or an interrupted copy may have written) must have its dataset's known SHA-256.
struct DataSearch {
    /// Environment variables (`ProcessInfo.processInfo.environment` outside tests).
    var variables: [String: String]
    /// The user's home folder.
    var homeDirectory: String
    /// The folder relative paths start from.
    var currentDirectory: String
    /// Mirrors tried after the environment variable's, in order.
    var mirrors: [String]
    /// Where Keras keeps its cache when the home folder is not writable.
    var kerasFallbackRoot = "/tmp/.keras"
    /// Whether the process may write into a folder (tests replace it: root may write anywhere).
    var isWritable: (String) -> Bool = { FileManager.default.isWritableFile(atPath: $0) }

    /// The process's real environment; the home folder is `$HOME` when set, else the password entry's.
    static func current(mirrors: [String]) -> DataSearch {
        let variables = ProcessInfo.processInfo.environment
        let home = variables["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.homeDirectoryForCurrentUser.path
        return DataSearch(variables: variables, homeDirectory: home,
                          currentDirectory: FileManager.default.currentDirectoryPath, mirrors: mirrors)
    }

    /// Keras's cache roots, in order: `$KERAS_HOME`, `~/.keras`, and the shared fallback only when `~/.keras`
    /// (or, before it exists, the home folder) is not writable.
    func kerasRoots() -> [String] {
        var roots = [join(homeDirectory, ".keras")]
        let homeCache = roots[0]
        if !isWritable(FileManager.default.fileExists(atPath: homeCache) ? homeCache : homeDirectory) { roots.append(kerasFallbackRoot) }
        if let kerasHome = variables["KERAS_HOME"], !kerasHome.isEmpty { roots.insert(absolute(kerasHome), at: 0) }
        return roots
    }

    /// SwiftKeras's cache folder for `format`.
    func cacheFolder(for format: MNISTFormat) -> String {
        let root = variables["SWIFTKERAS_HOME"].map { join($0, "datasets") } ?? join(homeDirectory, ".swiftkeras/datasets")
        return join(root, format.folderName)
    }

    /// Loads `format` from `path` when given, else from the first place that has it.
    func load(_ format: MNISTFormat, path: String?) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        if let path { return try loadExplicit(format, path: absolute(path)) }
        var looked: [String] = []
        var verifies = false
        func attempt(_ candidate: String, _ kind: Kind) throws -> ((Tensor, Tensor), (Tensor, Tensor))? {
            switch kind {
            case .idxFolder where MNISTFormat.holdsIDXFiles(candidate):
                if verifies { try format.verify(MNISTFormat.idxPaths(in: candidate)) }
                return try format.loadIDX(folder: candidate)
            case .npzFile where isFile(candidate):
                if verifies { try format.verify([candidate]) }
                return try format.loadNPZ(path: candidate)
            default: looked.append("\(candidate)\(kind == .idxFolder ? "/" : "") (not found)"); return nil
            }
        }
        func attemptDataRoot(_ root: String) throws -> ((Tensor, Tensor), (Tensor, Tensor))? {
            if let data = try attempt(join(root, format.folderName), .idxFolder) { return data }
            if let data = try attempt(join(root, format.npzName), .npzFile) { return data }
            if let data = try attempt(join(root, "\(format.folderName)-npz/\(format.npzName)"), .npzFile) { return data }
            if format.acceptsBareFolder, let data = try attempt(root, .idxFolder) { return data }
            return nil
        }
        if let root = variables["SWIFTKERAS_DATA"], !root.isEmpty {
            if let data = try attemptDataRoot(absolute(root)) { return data }
        } else {
            looked.append("$SWIFTKERAS_DATA (not set)")
        }
        verifies = true
        if let data = try attemptDataRoot(absolute("../shared/datasets")) { return data }
        for root in kerasRoots() {
            if let data = try attempt(join(root, "datasets/\(format.npzName)"), .npzFile) { return data }
            if let data = try attempt(join(root, "datasets/\(format.folderName)"), .idxFolder) { return data }
        }
        let cache = cacheFolder(for: format)
        if let data = try attempt(cache, .idxFolder) { return data }
        if let data = try attempt(join(cache, format.npzName), .npzFile) { return data }

        var failures: [String] = []
        for mirror in mirrorList(for: format) {
            do {
                if mirror.hasSuffix(".npz") {
                    try DatasetDownloader.downloadFile(from: mirror, sha256: format.npzSHA256, to: join(cache, format.npzName),
                                                      maximumSize: format.maximumDownloadSize)
                    return try format.loadNPZ(path: join(cache, format.npzName))
                }
                try DatasetDownloader.download(files: format.downloadFiles, from: mirror, into: cache,
                                                  maximumSize: format.maximumDownloadSize)
                return try format.loadIDX(folder: cache)
            } catch let error as SwiftKerasError {
                failures.append(error.message)
            }
        }
        throw SwiftKerasError.download("""
            \(format.displayName) data not found. Looked in:
            \(looked.map { "  - " + $0 }.joined(separator: "\n"))
            \(failures.isEmpty ? "  - no download mirror configured" : failures.map { "  - " + $0 }.joined(separator: "\n"))
            To provide the data: pass loadData(path:) a folder of the four IDX .gz files \
            (\(MNISTFormat.idxNames.map { $0 + ".gz" }.joined(separator: ", "))) or an .npz file; or set \
            SWIFTKERAS_DATA to a folder holding \(format.folderName)/ or \(format.npzName); or copy Keras's \
            \(format.npzName) into ~/.keras/datasets/; or set \(format.mirrorVariable) to a reachable mirror URL.
            """)
    }

    private enum Kind { case idxFolder, npzFile }

    /// The mirrors to try: the environment variable's first, then the configured list.
    func mirrorList(for format: MNISTFormat) -> [String] {
        let fromEnvironment = variables[format.mirrorVariable].map { [$0] } ?? []
        return fromEnvironment.filter { !$0.isEmpty } + mirrors
    }

    private func loadExplicit(_ format: MNISTFormat, path: String) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SwiftKerasError.io("\(format.displayName) path \(path) does not exist (expected a folder of IDX .gz files or an .npz file)")
        }
        guard isFolder.boolValue else { return try format.loadNPZ(path: path) }
        if MNISTFormat.holdsIDXFiles(path) { return try format.loadIDX(folder: path) }
        for candidate in [join(path, format.folderName), path] where MNISTFormat.holdsIDXFiles(candidate) {
            return try format.loadIDX(folder: candidate)
        }
        for candidate in [join(path, format.npzName), join(path, "\(format.folderName)-npz/\(format.npzName)")] where isFile(candidate) {
            return try format.loadNPZ(path: candidate)
        }
        return try format.loadIDX(folder: path)  // throws, naming the missing file
    }

    func isFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    func absolute(_ path: String) -> String {
        let expanded = path.hasPrefix("~/") ? join(homeDirectory, String(path.dropFirst(2))) : path
        let full = expanded.hasPrefix("/") ? expanded : join(currentDirectory, expanded)
        return (full as NSString).standardizingPath
    }

    func join(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
}

extension DatasetDownloader {
    /// Downloads one file (at most `maximumSize` bytes, within `totalTimeout`), checks that its SHA-256 is one
    /// of `sha256`, and writes it atomically to `path`.
    static func downloadFile(from url: String, sha256: Set<String>, to path: String, maximumSize: Int? = nil) throws {
        if isVerbose { print("Downloading data from \(url)") }
        let bytes = try fetch(url, maximumSize: maximumSize)
        let digest = SHA256.hash(bytes)
        guard sha256.contains(digest) else {
            throw SwiftKerasError.download("checksum mismatch for \(url): SHA-256 \(digest), expected one of \(sha256.sorted()); nothing was written to \(path)")
        }
        try AtomicFile.write(Data(bytes), to: path)
    }
}
