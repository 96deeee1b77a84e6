import Foundation
import SwiftKeras

/// The command-line options every example accepts, so that a user can try a tutorial quickly:
///
///     --epochs N     passes over the training data (default: the tutorial's own setting)
///     --data PATH    a folder of MNIST IDX files or an `.npz` file (default: the usual places, see `MNIST`)
///     --samples N    train and test on the first N samples of each split only (default: all)
///     --output DIR   where pictures and checkpoints go (default: `out/<ExampleName>`)
///     --seed N       `setRandomSeed(N)` before the model is built (default: SwiftKeras's fixed default seed)
///     --pipeline     train on a `Dataset` pipeline instead of arrays (examples that support it)
public struct ExampleOptions: Equatable {
    /// Passes over the training data.
    public var epochs: Int
    /// The MNIST folder or `.npz` file, or nil to search the usual places.
    public var dataPath: String?
    /// How many samples of each split to use, or nil for all.
    public var samples: Int?
    /// The folder for pictures and checkpoints.
    public var outputDirectory: String
    /// The random seed given with `--seed`, if any.
    public var seed: Int?
    /// Whether `--pipeline` asked for training on a `Dataset` pipeline.
    public var pipeline = false

    /// Parses the arguments after the program name.
    ///
    /// - Parameters:
    ///   - arguments: e.g. `["--epochs", "1", "--samples", "500"]`.
    ///   - name: the example's name, for the default output folder `out/<name>`.
    ///   - defaultEpochs: the tutorial's number of epochs.
    /// - Throws: `SwiftKerasError.invalidArgument` naming the option that is unknown, lacks its value or has
    ///   a value that is not a positive whole number.
    public init(arguments: [String], name: String, defaultEpochs: Int) throws {
        epochs = defaultEpochs
        outputDirectory = "out/\(name)"
        var remaining = arguments[...]
        while let option = remaining.popFirst() {
            if option == "--pipeline" {
                pipeline = true
                continue
            }
            guard let value = remaining.popFirst() else {
                throw SwiftKerasError.invalidArgument("option \(option) needs a value, e.g. \(option) \(Self.example(option))")
            }
            switch option {
            case "--epochs": epochs = try Self.positive(value, option)
            case "--samples": samples = try Self.positive(value, option)
            case "--data": dataPath = value
            case "--output": outputDirectory = value
            case "--seed":
                guard let number = Int(value) else {
                    throw SwiftKerasError.invalidArgument("--seed needs a whole number, got '\(value)'")
                }
                seed = number
            default:
                throw SwiftKerasError.invalidArgument("unknown option \(option); expected --epochs, --data, --samples, --output, --seed or --pipeline")
            }
        }
    }

    /// Parses `CommandLine.arguments`, printing the usage and exiting on `--help` (status 0) or a bad
    /// option (status 2).
    ///
    /// - Parameters:
    ///   - name: the example's name.
    ///   - summary: one line saying what the example shows.
    ///   - defaultEpochs: the tutorial's number of epochs.
    public static func parse(name: String, summary: String, defaultEpochs: Int) -> ExampleOptions {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let usage = """
            \(name): \(summary)
            usage: \(name) [--epochs N] [--data PATH] [--samples N] [--output DIR] [--seed N] [--pipeline]
              --epochs N    passes over the training data (default \(defaultEpochs), the tutorial's setting)
              --data PATH   a folder of MNIST IDX .gz files or an mnist.npz file (default: $SWIFTKERAS_DATA,
                            ../shared/datasets, ~/.keras/datasets/mnist.npz, then a download)
              --samples N   use only the first N training and N test samples (quick runs, tests)
              --output DIR  where pictures and checkpoints are written (default out/\(name))
              --seed N      setRandomSeed(N) first, to see how much a result depends on the seed
              --pipeline    train on a Dataset pipeline (Dataset(x, y).shuffled(...).batched(64)) instead of arrays
            """
        if arguments.contains("--help") || arguments.contains("-h") {
            print(usage)
            exit(0)
        }
        do {
            let options = try ExampleOptions(arguments: arguments, name: name, defaultEpochs: defaultEpochs)
            if let seed = options.seed { setRandomSeed(seed) }
            return options
        } catch {
            FileHandle.standardError.write(Data("\(error)\n\n\(usage)\n".utf8))
            exit(2)
        }
    }

    /// The absolute path of `fileName` in the output folder, which is created when missing.
    ///
    /// - Parameter fileName: e.g. `"digits.png"`.
    /// - Throws: `SwiftKerasError.io` when the folder cannot be created.
    public func outputPath(_ fileName: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        } catch {
            throw SwiftKerasError.io("cannot create the output folder \(outputDirectory): \(error.localizedDescription)")
        }
        let folder = outputDirectory.hasPrefix("/") ? outputDirectory
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(outputDirectory)
        return ((folder as NSString).appendingPathComponent(fileName) as NSString).standardizingPath
    }

    private static func positive(_ value: String, _ option: String) throws -> Int {
        guard let number = Int(value), number >= 1 else {
            throw SwiftKerasError.invalidArgument("\(option) needs a whole number >= 1, got '\(value)'")
        }
        return number
    }

    private static func example(_ option: String) -> String {
        switch option {
        case "--data": return "../shared/datasets/mnist"
        case "--output": return "out"
        default: return "1"
        }
    }
}
