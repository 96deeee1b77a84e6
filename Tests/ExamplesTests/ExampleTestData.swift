import Foundation
import SwiftKeras

/// The small MNIST folder the example runs read: the first `samples` training and test images of the real
/// data when `../shared/datasets` (or `$SWIFTKERAS_DATA`) is there, else synthetic digits (under `CI=true`
/// only when `SWIFTKERAS_EXAMPLES_SYNTHETIC=1` asks for them: a missing folder is a failure there), written as
/// uncompressed IDX files with the library's `IDXFile` writer into a temporary folder.
enum ExampleTestData {
    /// Samples per split; the examples are also run with `--samples` of this size.
    static let samples = 500

    /// The folder and where its images came from ("real MNIST" or "synthetic").
    static let prepared: Result<(folder: String, source: String), Error> = Result { try prepare() }

    /// The package root, found from this file's path (`<root>/Tests/ExamplesTests/ExampleTestData.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Whether `SWIFTKERAS_EXAMPLES_SYNTHETIC=1` asks for the synthetic digits.
    static var syntheticRequested: Bool { ProcessInfo.processInfo.environment["SWIFTKERAS_EXAMPLES_SYNTHETIC"] == "1" }

    /// `$SWIFTKERAS_DATA/mnist` or `datasets/mnist` in the shared folder (`$SWIFTKERAS_SHARED`, else `../shared`
    /// beside the package), when it holds the data (nil when the synthetic digits are requested).
    static func realDataFolder() -> String? {
        if syntheticRequested { return nil }
        let environment = ProcessInfo.processInfo.environment
        let shared = environment["SWIFTKERAS_SHARED"] ?? (packageRoot as NSString).appendingPathComponent("../shared")
        let roots = [environment["SWIFTKERAS_DATA"], (shared as NSString).appendingPathComponent("datasets")].compactMap { $0 }
        return roots.map { ($0 as NSString).appendingPathComponent("mnist") }.first {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
        }
    }

    /// The temporary folder `prepared` writes into (created on first use).
    static let temporaryRoot = (NSTemporaryDirectory() as NSString)
        .appendingPathComponent("swiftkeras-examples-tests-\(UUID().uuidString)")

    private static func prepare() throws -> (folder: String, source: String) {
        let folder = (temporaryRoot as NSString).appendingPathComponent("mnist")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let ((xTrain, yTrain), (xTest, yTest)): ((Tensor, Tensor), (Tensor, Tensor))
        let source: String
        if let real = realDataFolder() {
            let ((x, y), (xt, yt)) = try MNIST.loadData(path: real)
            ((xTrain, yTrain), (xTest, yTest)) = ((x[0..<samples], y[0..<samples]), (xt[0..<samples], yt[0..<samples]))
            source = "real MNIST from \(real)"
        } else {
            if runningInCI && !syntheticRequested {
                try skipOrFailInCI("no MNIST folder in $SWIFTKERAS_DATA or ../shared/datasets ($SWIFTKERAS_SHARED/datasets); "
                                   + "set SWIFTKERAS_EXAMPLES_SYNTHETIC=1 to run the examples on synthetic digits")
            }
            (xTrain, yTrain) = syntheticDigits(count: samples, seed: 1)
            (xTest, yTest) = syntheticDigits(count: samples, seed: 2)
            source = "synthetic digits (no MNIST folder found beside the package)"
        }
        func write(_ tensor: Tensor, _ name: String) throws {
            try IDXFile(uint8: tensor.scalars.map { UInt8($0) }, shape: tensor.shape)
                .write(to: (folder as NSString).appendingPathComponent(name))
        }
        try write(xTrain, "train-images-idx3-ubyte")
        try write(yTrain, "train-labels-idx1-ubyte")
        try write(xTest, "t10k-images-idx3-ubyte")
        try write(yTest, "t10k-labels-idx1-ubyte")
        return (folder, source)
    }

    /// `count` 28x28 images in 0...255 whose label `d` is drawn as a bright bar in rows 3(d+2)...3(d+2)+2,
    /// with noise, so that the classes can be learned.
    static func syntheticDigits(count: Int, seed: UInt64) -> (images: Tensor, labels: Tensor) {
        var generator = SeededGenerator(seed: seed)
        var pixels = [Float](repeating: 0, count: count * 784)
        var labels = [Float](repeating: 0, count: count)
        for sample in 0..<count {
            let digit = sample % 10
            labels[sample] = Float(digit)
            for row in 0..<28 {
                for column in 0..<28 {
                    let inBar = row / 3 == digit + 2 && (4..<24).contains(column)
                    let noise = (generator.nextUniform() * 40).rounded(.down)
                    pixels[sample * 784 + row * 28 + column] = inBar ? 255 - noise : noise
                }
            }
        }
        return (Tensor(shape: [count, 28, 28], scalars: pixels), Tensor(shape: [count], scalars: labels))
    }
}
