import Foundation

/// CIFAR-10, like `keras.datasets.cifar10`: 50,000 training and 10,000 test color images of 32x32 pixels in
/// 10 classes (0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse, 8 ship, 9 truck).
///
/// Read from the official binary archive `cifar-10-binary.tar.gz` (Keras downloads the Python pickle version;
/// SwiftKeras reads the binary one, which needs no unpickling): `data_batch_1.bin` ... `data_batch_5.bin` and
/// `test_batch.bin`, each record one label byte and 3,072 pixel bytes as red, green and blue 32x32 planes.
///
/// Sources, in order, with the same trust rules as `MNIST`: the path given; `$SWIFTKERAS_DATA` (the archive or
/// the extracted `cifar-10-batches-bin/` folder, any content accepted); then, with the archive's official SHA-256
/// required, `../shared/datasets`, Keras's cache folders (`~/.keras/datasets/`), SwiftKeras's cache
/// (`~/.swiftkeras/datasets/`), and last a download from `$SWIFTKERAS_CIFAR10_MIRROR`, then `mirrors`, verified
/// before it is moved atomically into SwiftKeras's cache.
public enum CIFAR10 {
    /// Download URLs of `cifar-10-binary.tar.gz`, tried in order.
    nonisolated(unsafe) public static var mirrors: [String] = ["https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"]

    /// The official archive's SHA-256 (its MD5 is c32a1d4ab5d03f1284b67883e8d87530; 170,052,171 bytes).
    static let archiveSHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"
    static let archiveName = "cifar-10-binary.tar.gz", folderName = "cifar-10-batches-bin"
    static let trainingFiles = (1...5).map { "data_batch_\($0).bin" }, testFile = "test_batch.bin"
    /// Bytes per record: the label, then 3 planes of 32x32.
    static let recordSize = 1 + 3 * 32 * 32

    /// Loads CIFAR-10 as `((xTrain, yTrain), (xTest, yTest))`: images `[N, 32, 32, 3]` (height, width, RGB;
    /// values 0...255), labels `[N]` class indices (Keras's `y` is `[N, 1]`; `reshape` it if needed).
    /// - Parameter path: `cifar-10-binary.tar.gz`, the extracted `cifar-10-batches-bin` folder, or a folder
    ///   holding either; nil searches the places listed on `CIFAR10`.
    /// - Throws: `SwiftKerasError` naming the bad file and what is wrong, or, when no data is found, every
    ///   place looked and how to provide the data.
    public static func loadData(path: String? = nil) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        try DataSearch.current(mirrors: mirrors).loadCIFAR10(path: path)
    }

    /// Reads the six batch files from a tar.gz archive.
    static func loadArchive(_ path: String) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        let archive = try TarArchive(Gzip.decompress(readFileBytes(path), name: path, maximumSize: 200_000_000), name: path)
        func member(_ file: String) throws -> ArraySlice<UInt8> {
            guard let data = archive.data(endingWith: "\(folderName)/\(file)") ?? archive.data(endingWith: file) else {
                throw SwiftKerasError.fileFormat(path, "the archive holds no \(folderName)/\(file) (members: \(archive.entries.map(\.name).prefix(10)))")
            }
            return data
        }
        return (try records(trainingFiles.map { (try member($0), "\(path): \($0)") }),
                try records([(try member(testFile), "\(path): \(testFile)")]))
    }

    /// Reads the six batch files from an extracted folder.
    static func loadFolder(_ folder: String) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        func file(_ name: String) throws -> (ArraySlice<UInt8>, String) {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else {
                throw SwiftKerasError.io("CIFAR-10 file \(path) is missing (expected \((trainingFiles + [testFile]).joined(separator: ", ")))")
            }
            return (try readFileBytes(path)[...], path)
        }
        return (try records(trainingFiles.map(file)), try records([try file(testFile)]))
    }

    /// Images `[N, 32, 32, 3]` and labels `[N]` from batch files of whole records, planes turned into pixels.
    static func records(_ files: [(bytes: ArraySlice<UInt8>, name: String)]) throws -> (Tensor, Tensor) {
        for (bytes, name) in files {
            guard !bytes.isEmpty, bytes.count % recordSize == 0 else {
                throw SwiftKerasError.fileFormat(name, "has \(bytes.count) bytes, not a whole number of \(recordSize)-byte records (1 label + 3072 pixels)")
            }
        }
        let count = files.reduce(0) { $0 + $1.bytes.count / recordSize }
        var labels = [Float](repeating: 0, count: count)
        let plane = 32 * 32
        var record = 0
        let images = Tensor(shape: [count, 32, 32, 3]) { out, _ in
            for (bytes, _) in files {
                bytes.withUnsafeBufferPointer { source in
                    for start in stride(from: 0, to: source.count, by: recordSize) {
                        labels[record] = Float(source[start])
                        let pixels = out + record * 3 * plane
                        for channel in 0..<3 {
                            for index in 0..<plane { pixels[index * 3 + channel] = Float(source[start + 1 + channel * plane + index]) }
                        }
                        record += 1
                    }
                }
            }
        }
        if let index = labels.firstIndex(where: { $0 > 9 }) {
            throw SwiftKerasError.invalidData("CIFAR-10 record \(index) has label \(Int(labels[index])), expected a class 0...9")
        }
        return (images, Tensor(labels))
    }
}

extension DataSearch {
    /// Finds and loads CIFAR-10 as `CIFAR10.loadData` describes; archives found outside the user's own places
    /// must have the SHA-256 `archiveSHA256`.
    func loadCIFAR10(path: String?, archiveSHA256: String = CIFAR10.archiveSHA256) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        if let path { return try loadCIFAR10Explicit(absolute(path)) }
        var looked: [String] = []
        func trusted(_ root: String, verify: Bool) throws -> ((Tensor, Tensor), (Tensor, Tensor))? {
            let archive = join(root, CIFAR10.archiveName), folder = join(root, CIFAR10.folderName)
            if isFile(archive) {
                if verify {
                    let digest = SHA256.hash(try readFileBytes(archive))
                    guard digest == archiveSHA256 else {
                        throw SwiftKerasError.invalidData("\(archive) has SHA-256 \(digest), not the official \(archiveSHA256); delete it or pass loadData(path:) to use it anyway")
                    }
                }
                return try CIFAR10.loadArchive(archive)
            }
            if !verify, isFile(join(folder, CIFAR10.testFile)) { return try CIFAR10.loadFolder(folder) }
            looked.append("\(archive) (not found)")
            return nil
        }
        if let root = variables["SWIFTKERAS_DATA"], !root.isEmpty {
            if let data = try trusted(absolute(root), verify: false) { return data }
        } else {
            looked.append("$SWIFTKERAS_DATA (not set)")
        }
        let roots = [absolute("../shared/datasets")] + kerasRoots().map { join($0, "datasets") }
            + [join(variables["SWIFTKERAS_HOME"].map { join($0, "datasets") } ?? join(homeDirectory, ".swiftkeras/datasets"), "cifar10")]
        for root in roots {
            if let data = try trusted(root, verify: true) { return data }
        }
        var failures: [String] = []
        let cache = join(roots.last!, CIFAR10.archiveName)
        for mirror in (variables["SWIFTKERAS_CIFAR10_MIRROR"].map { [$0] } ?? []).filter({ !$0.isEmpty }) + mirrors {
            do {
                try DatasetDownloader.downloadFile(from: mirror, sha256: [archiveSHA256], to: cache, maximumSize: 180_000_000)
                return try CIFAR10.loadArchive(cache)
            } catch let error as SwiftKerasError {
                failures.append(error.message)
            }
        }
        throw SwiftKerasError.download("""
            CIFAR-10 data not found. Looked in:
            \(looked.map { "  - " + $0 }.joined(separator: "\n"))
            \(failures.isEmpty ? "  - no download mirror configured" : failures.map { "  - " + $0 }.joined(separator: "\n"))
            To provide the data: pass loadData(path:) the official \(CIFAR10.archiveName) or its extracted \
            \(CIFAR10.folderName)/ folder; or set SWIFTKERAS_DATA to a folder holding either; or set \
            SWIFTKERAS_CIFAR10_MIRROR to a reachable URL of the archive.
            """)
    }

    private func loadCIFAR10Explicit(_ path: String) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SwiftKerasError.io("CIFAR-10 path \(path) does not exist (expected \(CIFAR10.archiveName) or the \(CIFAR10.folderName) folder)")
        }
        guard isFolder.boolValue else { return try CIFAR10.loadArchive(path) }
        if isFile(join(path, CIFAR10.archiveName)) { return try CIFAR10.loadArchive(join(path, CIFAR10.archiveName)) }
        if isFile(join(join(path, CIFAR10.folderName), CIFAR10.testFile)) { return try CIFAR10.loadFolder(join(path, CIFAR10.folderName)) }
        return try CIFAR10.loadFolder(path)  // throws, naming the missing file
    }
}
