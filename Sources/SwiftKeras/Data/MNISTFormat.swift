import Foundation

/// One dataset stored in the MNIST layout (MNIST, Fashion-MNIST): four IDX files, or an `.npz` archive with
/// `x_train`, `y_train`, `x_test`, `y_test`. Describes the files and reads them into tensors.
struct MNISTFormat: Sendable {
    /// The name in messages ("MNIST").
    var displayName: String
    /// The folder name in caches and data folders ("mnist").
    var folderName: String
    /// The `.npz` file name, as Keras caches it ("mnist.npz"), or nil when Keras keeps IDX files.
    var npzName: String
    /// Known SHA-256 digests of the four `.gz` files (and, where known, of the uncompressed IDX files), by file name.
    var idxSHA256: [String: String]
    /// Known SHA-256 digests of `npzName` as mirrors serve it.
    var npzSHA256: Set<String>
    /// The environment variable naming one extra mirror, tried first.
    var mirrorVariable: String
    /// Whether a data folder may hold this dataset's IDX files directly (only one dataset can claim that).
    var acceptsBareFolder: Bool
    /// The most bytes a downloaded file may have: the largest official file plus a margin.
    var maximumDownloadSize: Int

    static let trainImages = "train-images-idx3-ubyte", trainLabels = "train-labels-idx1-ubyte"
    static let testImages = "t10k-images-idx3-ubyte", testLabels = "t10k-labels-idx1-ubyte"
    static let idxNames = [trainImages, trainLabels, testImages, testLabels]

    /// The largest data section read from one file (256 MiB): MNIST-layout files hold at most 47 MB, so a file
    /// declaring more is a compression bomb or corrupted, rejected before it is inflated.
    static let maximumDataSize = 256 << 20

    /// The four files to download, with their digests.
    var downloadFiles: [(name: String, sha256: String)] {
        Self.idxNames.map { ($0 + ".gz", idxSHA256[$0 + ".gz"] ?? "") }
    }

    /// The IDX file `name` in `folder`, compressed (`.gz`) or not, if either exists.
    static func idxPath(_ name: String, in folder: String) -> String? {
        for candidate in [name + ".gz", name] {
            let path = (folder as NSString).appendingPathComponent(candidate)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Whether `folder` holds all four IDX files.
    static func holdsIDXFiles(_ folder: String) -> Bool {
        idxNames.allSatisfy { idxPath($0, in: folder) != nil }
    }

    /// Reads the four IDX files of `folder`.
    func loadIDX(folder: String) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        func path(_ name: String) throws -> String {
            guard let path = Self.idxPath(name, in: folder) else {
                throw SwiftKerasError.io("\(folder) has no \(name).gz (nor \(name)); a \(displayName) folder holds \(Self.idxNames.map { $0 + ".gz" })")
            }
            return path
        }
        let train = try split(images: try IDXFile(contentsOf: try path(Self.trainImages), maximumDataSize: Self.maximumDataSize), imagesName: try path(Self.trainImages),
                              labels: try IDXFile(contentsOf: try path(Self.trainLabels), maximumDataSize: Self.maximumDataSize), labelsName: try path(Self.trainLabels), headerLength: 8)
        let test = try split(images: try IDXFile(contentsOf: try path(Self.testImages), maximumDataSize: Self.maximumDataSize), imagesName: try path(Self.testImages),
                             labels: try IDXFile(contentsOf: try path(Self.testLabels), maximumDataSize: Self.maximumDataSize), labelsName: try path(Self.testLabels), headerLength: 8)
        return (train, test)
    }

    /// Reads `x_train`, `y_train`, `x_test` and `y_test` from the `.npz` archive at `path`.
    func loadNPZ(path: String) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        let archive = try ZipArchive(path: path)
        func member(_ key: String) -> String { "\(path) (member '\(key).npy')" }
        // The labels' data offset is only needed for error messages; .npy headers are usually 128 bytes.
        let train = try split(images: try archive.numPyArray("x_train", maximumDataSize: Self.maximumDataSize), imagesName: member("x_train"),
                              labels: try archive.numPyArray("y_train", maximumDataSize: Self.maximumDataSize), labelsName: member("y_train"), headerLength: nil)
        let test = try split(images: try archive.numPyArray("x_test", maximumDataSize: Self.maximumDataSize), imagesName: member("x_test"),
                             labels: try archive.numPyArray("y_test", maximumDataSize: Self.maximumDataSize), labelsName: member("y_test"), headerLength: nil)
        return (train, test)
    }

    /// Checks one split (images `[N, 28, 28]`, labels `[N]` in 0...9) and converts it to tensors.
    private func split(images: some ImageArray, imagesName: String, labels: some ImageArray, labelsName: String,
                       headerLength: Int?) throws -> (Tensor, Tensor) {
        guard images.shape.count == 3, images.shape[1] == 28, images.shape[2] == 28 else {
            throw SwiftKerasError.fileFormat(imagesName, "\(displayName) images must have shape [N, 28, 28], the file holds \(images.shape)")
        }
        guard labels.shape.count == 1 else {
            throw SwiftKerasError.fileFormat(labelsName, "\(displayName) labels must have shape [N], the file holds \(labels.shape)")
        }
        guard images.shape[0] == labels.shape[0] else {
            throw SwiftKerasError.fileFormat(labelsName, "\(labels.shape[0]) labels for the \(images.shape[0]) images of \(imagesName): the counts must match")
        }
        let labelValues = labels.floats()
        if let bad = labelValues.firstIndex(where: { !($0 >= 0 && $0 <= 9 && $0.rounded() == $0) }) {
            throw SwiftKerasError.fileFormat(labelsName, offset: headerLength.map { $0 + bad },
                                             "label \(labelValues[bad]) at index \(bad) is not a class in 0...9")
        }
        let pixels = images.floats()
        if let bad = pixels.firstIndex(where: { !$0.isFinite }) {
            throw SwiftKerasError.fileFormat(imagesName, "image value \(pixels[bad]) at index \(bad) is not finite (NaN or infinite)")
        }
        return (Tensor(shape: images.shape, scalars: pixels), Tensor(shape: labels.shape, scalars: labelValues))
    }

    /// Checks that every file in `paths` is one of this dataset's official files, by its known SHA-256; used for
    /// files the search finds in caches and shared folders, which anyone (or a broken download) may have put there.
    func verify(_ paths: [String]) throws {
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let known = name == npzName ? npzSHA256 : Set(idxSHA256[name].map { [$0] } ?? [])
            let digest = SHA256.hash(try readFileBytes(path))
            guard !known.contains(digest) else { continue }
            throw SwiftKerasError.fileFormat(path, known.isEmpty
                ? "no known SHA-256 for \(name), so this file found by the search cannot be verified; pass its folder to loadData(path:) (or --data, or $SWIFTKERAS_DATA) to use it anyway"
                : "SHA-256 \(digest) is not the official \(displayName) \(name)'s (\(known.sorted().joined(separator: " or "))): the file is corrupted or was replaced. Delete it so it is downloaded again, or pass its folder to loadData(path:) (or --data, or $SWIFTKERAS_DATA) to use your own files")
        }
    }

    /// The files `loadIDX(folder:)` reads in `folder`.
    static func idxPaths(in folder: String) -> [String] { idxNames.compactMap { idxPath($0, in: folder) } }
}

/// An array read from an IDX or `.npy` file.
protocol ImageArray {
    var shape: [Int] { get }
    func floats() -> [Float]
}

extension IDXFile: ImageArray {}
extension NumPyArray: ImageArray {}
