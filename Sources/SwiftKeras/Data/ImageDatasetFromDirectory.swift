import Foundation

/// How `imageDatasetFromDirectory` encodes labels (Keras's `label_mode`).
public enum ImageLabelMode: Sendable {
    /// Class indices `[b]` (Keras's `"int"`), for `sparseCategoricalCrossentropy`.
    case int
    /// One-hot vectors `[b, classes]`, for `categoricalCrossentropy`.
    case categorical
    /// 0 or 1 as `[b, 1]`, for `binaryCrossentropy` (exactly two classes).
    case binary
}

/// Where labels come from (Keras's `labels`).
public enum ImageLabels: Sendable {
    /// From the sub-folder each image is in (Keras's `"inferred"`).
    case inferred
    /// One class index per image file, in the sorted order of the files' paths.
    case list([Int])
}

/// The pixel format images are converted to (Keras's `color_mode`).
public enum ImageColorMode: Int, Sendable {
    /// One channel.
    case grayscale = 1
    /// Three channels.
    case rgb = 3
    /// Four channels, alpha last.
    case rgba = 4
}

/// Which side of a validation split to return (Keras's `subset`).
public enum ImageSubset: Sendable {
    /// The first files, after the one-time shuffle.
    case training
    /// The last `validationSplit` of the files.
    case validation
}

/// Keras's `subset="both"`: asks `imageDatasetFromDirectory` for the training and validation datasets together.
public enum ImageSubsetPair: Sendable {
    /// Both subsets, as `(training, validation)`.
    case both
}

/// Images from a folder with one sub-folder per class, like Keras's `image_dataset_from_directory`.
///
/// ```swift
/// let train = try imageDatasetFromDirectory("photos", imageSize: (64, 64), batchSize: 32,
///                                           validationSplit: 0.2, subset: .training, seed: 7)
/// ```
/// Class names are the sorted sub-folder names; each class's images are found by a sorted recursive walk, the
/// file list is shuffled once with `seed` (when `shuffle`), then split, as Keras does. Every image is decoded
/// and checked when the dataset is made (a bad file throws here, naming it), then read again lazily when its
/// batch is drawn, so memory stays that of a batch. Images are converted to `colorMode` and resized to
/// `imageSize` bilinearly as `tf.image.resize` does; values are floats in 0...255. A training dataset
/// reshuffles every epoch through a shuffle buffer of `8 · batchSize` images (1024 unbatched), as Keras's does.
///
/// Only PNG files are decoded (8- and 16-bit gray, gray + alpha, RGB, RGBA, palette); other image files that
/// Keras would read (`.jpg`, `.bmp`, `.gif`) throw, naming the file.
/// - Parameters:
///   - path: the folder.
///   - labels: `.inferred` from sub-folders, a `.list` of class indices, or nil for images only.
///   - labelMode: `.int`, `.categorical`, `.binary`, or nil for no labels (y is then `[b, 0]`).
///   - classNames: the classes (sub-folder names) to use, in label order; nil takes all sub-folders, sorted.
///   - colorMode: `.grayscale`, `.rgb` or `.rgba`.
///   - batchSize: images per batch, or nil for single images.
///   - imageSize: `(height, width)` images are resized to.
///   - shuffle: whether to shuffle the files (once) and, for training, every epoch.
///   - seed: the shuffle seed; nil draws one (required with `validationSplit` and `shuffle`, as in Keras).
///   - validationSplit: the fraction of files held out for validation (with `subset`).
///   - subset: `.training` or `.validation` (with `validationSplit`).
///   - interpolation: only `"bilinear"` is supported.
///   - verbose: whether to print "Found N files belonging to K classes.", as Keras does.
/// - Returns: a batched dataset of `(x [b, height, width, channels], y)` (`classNames` holds the class names).
public func imageDatasetFromDirectory(
    _ path: String, labels: ImageLabels? = .inferred, labelMode: ImageLabelMode? = .int, classNames: [String]? = nil,
    colorMode: ImageColorMode = .rgb, batchSize: Int? = 32, imageSize: (Int, Int) = (256, 256), shuffle: Bool = true,
    seed: UInt64? = nil, validationSplit: Float? = nil, subset: ImageSubset? = nil, interpolation: String = "bilinear",
    verbose: Bool = true
) throws -> Dataset {
    let loader = try ImageFolderLoader(path, labels: labels, labelMode: labelMode, classNames: classNames,
                                       colorMode: colorMode, batchSize: batchSize, imageSize: imageSize, shuffle: shuffle,
                                       seed: seed, validationSplit: validationSplit, subsetGiven: subset != nil,
                                       interpolation: interpolation, verbose: verbose)
    guard let subset else { return try loader.dataset(loader.index, training: true) }
    return try loader.dataset(loader.index.split(validationSplit!, validation: subset == .validation),
                              training: subset == .training)
}

/// `imageDatasetFromDirectory` with `subset: .both`: the training and the validation datasets of one split
/// (Keras's `subset="both"`). Parameters as for the single-subset version; `validationSplit` is required.
public func imageDatasetFromDirectory(
    _ path: String, labels: ImageLabels? = .inferred, labelMode: ImageLabelMode? = .int, classNames: [String]? = nil,
    colorMode: ImageColorMode = .rgb, batchSize: Int? = 32, imageSize: (Int, Int) = (256, 256), shuffle: Bool = true,
    seed: UInt64? = nil, validationSplit: Float, subset: ImageSubsetPair, interpolation: String = "bilinear",
    verbose: Bool = true
) throws -> (training: Dataset, validation: Dataset) {
    let loader = try ImageFolderLoader(path, labels: labels, labelMode: labelMode, classNames: classNames,
                                       colorMode: colorMode, batchSize: batchSize, imageSize: imageSize, shuffle: shuffle,
                                       seed: seed, validationSplit: validationSplit, subsetGiven: true,
                                       interpolation: interpolation, verbose: verbose)
    return (try loader.dataset(loader.index.split(validationSplit, validation: false), training: true),
            try loader.dataset(loader.index.split(validationSplit, validation: true), training: false))
}

/// The checked arguments of `imageDatasetFromDirectory` and the shuffled file index.
private struct ImageFolderLoader {
    let index: ImageFolderIndex
    let labelMode: ImageLabelMode?
    let channels: Int
    let batchSize: Int?
    let imageSize: (height: Int, width: Int)
    let shuffle: Bool
    let seed: UInt64
    let verbose: Bool

    init(_ path: String, labels: ImageLabels?, labelMode: ImageLabelMode?, classNames: [String]?, colorMode: ImageColorMode,
         batchSize: Int?, imageSize: (Int, Int), shuffle: Bool, seed: UInt64?, validationSplit: Float?, subsetGiven: Bool,
         interpolation: String, verbose: Bool) throws {
        func fail(_ message: String) -> SwiftKerasError { .invalidArgument("imageDatasetFromDirectory: " + message) }
        guard interpolation.lowercased() == "bilinear" else { throw fail("interpolation \"\(interpolation)\" is not supported; use \"bilinear\"") }
        guard imageSize.0 >= 1, imageSize.1 >= 1 else { throw fail("imageSize must be positive, got \(imageSize)") }
        if let batchSize, batchSize < 1 { throw fail("batchSize must be at least 1, got \(batchSize)") }
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw fail("validationSplit must be between 0 and 1, got \(validationSplit)")
        }
        guard (validationSplit != nil) == subsetGiven else {
            throw fail("validationSplit and subset go together: give both or neither")
        }
        guard !(validationSplit != nil && shuffle && seed == nil) else {
            throw fail("with validationSplit and shuffle, give a seed, so that the training and validation files do not overlap")
        }
        guard classNames == nil || labels != nil else { throw fail("classNames needs labels") }
        var index = try ImageFolderIndex(folder: path, inferred: labels.map { if case .inferred = $0 { true } else { false } } ?? false,
                                         labels: labels.flatMap { if case .list(let values) = $0 { values } else { nil } },
                                         classNames: classNames)
        if labels == nil || labelMode == nil { index.labels = [] }
        if labelMode == .binary, index.classNames.count != 2 {
            throw fail("labelMode .binary needs exactly 2 classes, got \(index.classNames.count): \(index.classNames)")
        }
        if verbose {
            print(labels == nil ? "Found \(index.paths.count) files." :
                "Found \(index.paths.count) files belonging to \(index.classNames.count) classes.")
        }
        self.seed = seed ?? GlobalRandom.nextSeed()
        if shuffle { index.shuffle(seed: self.seed) }
        self.index = index
        self.labelMode = labels == nil ? nil : labelMode
        self.channels = colorMode.rawValue
        self.batchSize = batchSize
        self.imageSize = (imageSize.0, imageSize.1)
        self.shuffle = shuffle
        self.verbose = verbose
    }

    /// The dataset of `part`'s files: every file decoded once now (to throw on a bad one), read lazily later.
    func dataset(_ part: ImageFolderIndex, training: Bool) throws -> Dataset {
        for path in part.paths { _ = try image(path) }
        let count = part.paths.count, classes = part.classNames.count
        let y: Tensor
        switch labelMode {
        case nil: y = Tensor(zeros: [count, 0])
        case .int?: y = Tensor(part.labels.map(Float.init))
        case .binary?: y = Tensor(shape: [count, 1], scalars: part.labels.map(Float.init))
        case .categorical?:
            y = Tensor(shape: [count, classes], scalars: part.labels.flatMap { label in
                (0..<classes).map { $0 == label ? Float(1) : 0 }
            })
        }
        let paths = part.paths
        var dataset = try Dataset(Tensor((0..<count).map(Float.init)), y)
        // Keras's buffer: 8 batches, or 1024 single images.
        if shuffle && training { dataset = dataset.shuffled(bufferSize: batchSize.map { 8 * $0 } ?? 1024, seed: seed) }
        dataset = dataset.map { index, labels in
            // Checked when the dataset was made; a file changed since then is a trap naming it.
            do { return (try image(paths[Int(index.scalars[0])]), labels) } catch { requirementFailure("\(error)") }
        }
        if let batchSize { dataset = dataset.batched(batchSize) }
        dataset.classNames = part.classNames
        dataset.filePaths = paths
        return dataset
    }

    /// One image: decoded, converted to the color mode and resized, as `[height, width, channels]` floats.
    private func image(_ path: String) throws -> Tensor {
        guard (path as NSString).pathExtension.lowercased() == "png" else {
            throw SwiftKerasError.fileFormat(path, "only PNG images are supported; convert the image to PNG")
        }
        let decoded = try PNGDecoder.decode(contentsOf: path).converted(toChannels: channels)
        let values = resizeBilinear(decoded.pixels, height: decoded.height, width: decoded.width, channels: channels,
                                    newHeight: imageSize.height, newWidth: imageSize.width)
        return Tensor(shape: [imageSize.height, imageSize.width, channels], scalars: values)
    }
}
