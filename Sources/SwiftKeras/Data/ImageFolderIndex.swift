import Foundation

/// The image files of a folder and their labels, found as Keras's `index_directory` finds them: class names
/// from the sorted sub-folder names, each class's files from a sorted recursive walk, then (with `shuffle`) the
/// list shuffled once with the seed, before any validation split.
struct ImageFolderIndex {
    var paths: [String]
    var labels: [Int]
    var classNames: [String]

    /// The extensions Keras reads (`ALLOWLIST_FORMATS`); SwiftKeras decodes only `.png` among them.
    static let imageExtensions: Set<String> = ["png", "jpg", "jpeg", "bmp", "gif"]

    /// Indexes `folder`: with `inferred` labels, one class per sub-folder (restricted to and ordered as
    /// `classNames` when given); with explicit `labels`, every image of the folder in sorted order.
    init(folder: String, inferred: Bool, labels explicit: [Int]?, classNames requested: [String]?) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw SwiftKerasError.io("imageDatasetFromDirectory: \(folder) is not a folder")
        }
        paths = []
        labels = []
        if inferred {
            let subfolders = try Self.contents(folder).filter { Self.isFolder(($0 as NSString).lastPathComponent, in: folder) }
                .map { ($0 as NSString).lastPathComponent }
            if let requested {
                let missing = requested.filter { !subfolders.contains($0) }
                guard missing.isEmpty else {
                    throw SwiftKerasError.invalidArgument(
                        "imageDatasetFromDirectory: classNames \(missing) have no sub-folder in \(folder); its sub-folders are \(subfolders)")
                }
            }
            classNames = requested ?? subfolders
            for (label, name) in classNames.enumerated() {
                let files = try Self.imageFiles(under: (folder as NSString).appendingPathComponent(name))
                paths += files
                labels += Array(repeating: label, count: files.count)
            }
        } else {
            paths = try Self.imageFiles(under: folder)
            if let explicit {
                guard explicit.count == paths.count else {
                    throw SwiftKerasError.invalidArgument(
                        "imageDatasetFromDirectory: \(explicit.count) labels given for \(paths.count) image files in \(folder) (one label per file, in sorted path order)")
                }
                guard explicit.allSatisfy({ $0 >= 0 }) else {
                    throw SwiftKerasError.invalidArgument("imageDatasetFromDirectory: labels must be class indices >= 0")
                }
                labels = explicit
            }
            classNames = requested ?? (0..<((labels.max() ?? -1) + 1)).map(String.init)
        }
        guard !paths.isEmpty else {
            throw SwiftKerasError.invalidData(
                "imageDatasetFromDirectory: no image files (\(Self.imageExtensions.sorted().map { "." + $0 }.joined(separator: ", "))) found in \(folder)")
        }
    }

    /// Shuffles paths and labels together with `seed` (once, before the split, as Keras does).
    mutating func shuffle(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let order = generator.permutation(paths.count)
        paths = order.map { paths[$0] }
        if !labels.isEmpty { labels = order.map { labels[$0] } }
    }

    /// Keras's split: the last ⌊n · fraction⌋ files validate, the others train.
    func split(_ fraction: Float, validation: Bool) throws -> ImageFolderIndex {
        let exact = Double(String(describing: fraction)) ?? Double(fraction)
        let validationCount = Int(Double(paths.count) * exact)
        guard validationCount > 0, validationCount < paths.count else {
            throw SwiftKerasError.invalidArgument(
                "imageDatasetFromDirectory: validationSplit \(fraction) of \(paths.count) files leaves \(paths.count - validationCount) for training and \(validationCount) for validation; both need at least one")
        }
        var part = self
        let range = validation ? (paths.count - validationCount)..<paths.count : 0..<(paths.count - validationCount)
        part.paths = Array(paths[range])
        if !labels.isEmpty { part.labels = Array(labels[range]) }
        return part
    }

    /// The image files below `folder`, walked recursively in sorted order (folders by path, files by name).
    private static func imageFiles(under folder: String) throws -> [String] {
        var files: [String] = [], subfolders: [String] = []
        for path in try contents(folder) {
            let name = (path as NSString).lastPathComponent
            if isFolder(name, in: folder) {
                subfolders.append(path)
            } else if imageExtensions.contains((name as NSString).pathExtension.lowercased()) {
                files.append(path)
            }
        }
        return try files + subfolders.flatMap { try imageFiles(under: $0) }
    }

    /// The sorted entries of `folder` (hidden ones skipped), as full paths.
    private static func contents(_ folder: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
                .map { (folder as NSString).appendingPathComponent($0) }
        } catch {
            throw SwiftKerasError.io("imageDatasetFromDirectory: cannot list \(folder): \(error.localizedDescription)")
        }
    }

    private static func isFolder(_ name: String, in folder: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isFolder)
            && isFolder.boolValue
    }
}
