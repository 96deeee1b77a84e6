// Times the five tutorial models (the seed models of ../shared/bench/keras_reference.py) with the same settings
// as the Keras reference: seconds per epoch (median of the epochs after the first), samples per second and
// GFLOP/s. Build and run in release:  swift run -c release TrainingBenchmark [--epochs N] [--data PATH] [names...]
import ExampleSupport
import Foundation
import SIMDKernels
import SwiftKeras

struct Options {
    var epochs: Int?
    var dataPath: String?
    var names: [String] = []
    var threads: Int?

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--epochs": index += 1; epochs = Int(arguments[index])
            case "--data": index += 1; dataPath = arguments[index]
            case "--threads": index += 1; threads = Int(arguments[index])
            default: names.append(arguments[index])
            }
            index += 1
        }
    }
}

/// The seed models: hidden widths, output activation, loss, optimizer, batch size, epochs, validation split.
struct SeedModel {
    let name: String
    let hidden: [Int]
    let outputActivation: Activation
    let loss: Loss
    let makeOptimizer: () -> any Optimizer
    let batchSize: Int
    let epochs: Int
    let oneHot: Bool
    let validationSplit: Float
    /// Tutorials 1 and 2 train with their own GradientTape loop.
    let customLoop: Bool
}

/// Σ over classes of the squared error, mean over the batch (tutorials 1 and 2).
let squaredErrorSum = Loss.custom { yTrue, yPred in (yPred - yTrue).squared().sum(axis: -1).mean() }

let seedModels = [
    SeedModel(name: "seed000", hidden: [512, 256], outputActivation: .linear, loss: squaredErrorSum,
              makeOptimizer: { SGD(learningRate: 0.001) }, batchSize: 200, epochs: 30, oneHot: true, validationSplit: 0, customLoop: true),
    SeedModel(name: "seed001", hidden: [256, 128], outputActivation: .linear, loss: squaredErrorSum,
              makeOptimizer: { SGD(learningRate: 0.01) }, batchSize: 32, epochs: 30, oneHot: true, validationSplit: 0, customLoop: true),
    SeedModel(name: "seed002", hidden: [256], outputActivation: .linear, loss: .categoricalCrossentropy(fromLogits: true),
              makeOptimizer: { Adam(learningRate: 0.01) }, batchSize: 50, epochs: 20, oneHot: true, validationSplit: 0, customLoop: false),
    SeedModel(name: "seed003", hidden: [512], outputActivation: .softmax, loss: .categoricalCrossentropy(),
              makeOptimizer: { RMSprop() }, batchSize: 128, epochs: 5, oneHot: true, validationSplit: 0, customLoop: false),
    SeedModel(name: "seed004", hidden: [128], outputActivation: .softmax, loss: .sparseCategoricalCrossentropy(),
              makeOptimizer: { Adam() }, batchSize: 64, epochs: 5, oneHot: false, validationSplit: 0.2, customLoop: false),
    // Keras's mnist_convnet (run only when named): see `convnet()`.
    SeedModel(name: "convnet", hidden: [], outputActivation: .softmax, loss: .categoricalCrossentropy(),
              makeOptimizer: { Adam() }, batchSize: 128, epochs: 15, oneHot: true, validationSplit: 0.1, customLoop: false),
]

/// Keras's mnist_convnet: 34,826 parameters.
func convnet() -> Sequential {
    Sequential([
        Input(shape: [28, 28, 1]),
        Conv2D(32, kernelSize: (3, 3), activation: .relu), MaxPooling2D(poolSize: (2, 2)),
        Conv2D(64, kernelSize: (3, 3), activation: .relu), MaxPooling2D(poolSize: (2, 2)),
        Flatten(), Dropout(0.5), Dense(10, activation: .softmax),
    ])
}

/// Records the wall time of each epoch.
final class EpochTimer: Callback {
    var times: [Double] = []
    private var start = Date()
    func onEpochBegin(_ epoch: Int, logs: [String: Float]) { start = Date() }
    func onEpochEnd(_ epoch: Int, logs: [String: Float]) { times.append(Date().timeIntervalSince(start)) }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

// An error (a missing data file, say) prints its message and exits with status 1, as every example does.
runExample {
    let options = Options(Array(CommandLine.arguments.dropFirst()))
    if let threads = options.threads { KernelThreads.count = threads }
    let ((xTrainImages, yTrain), (xTestImages, yTest)) = try MNIST.loadData(path: options.dataPath)
    let xTrainFlat = xTrainImages.reshaped(to: [-1, 784]) / 255
    let xTestFlat = xTestImages.reshaped(to: [-1, 784]) / 255

    for seed in seedModels where options.names.isEmpty && seed.name != "convnet" || options.names.contains(seed.name) {
        clearSession()
        setRandomSeed(0)
        let isConvnet = seed.name == "convnet"
        let model = isConvnet ? convnet() : Sequential([Input(shape: [784])] + seed.hidden.map { Dense($0, activation: .relu) }
                                                       + [Dense(10, activation: seed.outputActivation)])
        let (xTrain, xTest) = isConvnet ? (xTrainFlat.reshaped(to: [-1, 28, 28, 1]), xTestFlat.reshaped(to: [-1, 28, 28, 1]))
            : (xTrainFlat, xTestFlat)
        let optimizer = seed.makeOptimizer()
        let epochs = options.epochs ?? seed.epochs
        let labels = seed.oneHot ? toCategorical(yTrain, numClasses: 10) : yTrain
        let testLabels = seed.oneHot ? toCategorical(yTest, numClasses: 10) : yTest
        var times: [Double] = []
        let trainStart = Date()
        if seed.customLoop {
            let variables = model.trainableVariables
            // Built once and iterated each epoch, as tutorials 1 and 2 build their tf.data pipelines; it draws a new
            // order every epoch, as the peers' `fit` shuffles.
            let batches = try Dataset(xTrain, labels).shuffled(bufferSize: xTrain.shape[0], seed: 0).batched(seed.batchSize)
            for _ in 0..<epochs {
                let start = Date()
                for (x, y) in batches {
                    let tape = GradientTape()
                    let loss = tape.record { (model(x) - y).squared().sum() / Float(x.shape[0]) }
                    optimizer.applyGradients(zip(tape.gradient(of: loss, wrt: variables), variables))
                }
                times.append(Date().timeIntervalSince(start))
            }
        } else {
            model.compile(optimizer: optimizer, loss: seed.loss, metrics: [.accuracy])
            let timer = EpochTimer()
            try model.fit(xTrain, labels, epochs: epochs, batchSize: seed.batchSize, validationSplit: seed.validationSplit,
                          verbose: 0, callbacks: [timer])
            times = timer.times
        }
        let total = Date().timeIntervalSince(trainStart)
        model.compile(optimizer: optimizer, loss: seed.loss, metrics: [.accuracy])
        let scores = try model.evaluate(xTest, testLabels, batchSize: 1000, verbose: 0)
        let perEpoch = median(times.count > 1 ? Array(times.dropFirst()) : times)
        let trainedSamples = Double(xTrain.shape[0]) * Double(1 - seed.validationSplit)
        // Multiply-adds per sample: forward 1x, backward 2x (weights and inputs; the first layer needs no input gradient).
        let widths = [784] + seed.hidden + [10]
        let macs = zip(widths, widths.dropFirst()).map { Double($0 * $1) }
        // The convnet: conv 26·26·9·32 and 11·11·288·64 multiply-adds, dense 1600·10 (the first conv needs no dx).
        let convMacs = [26.0 * 26 * 9 * 32, 11.0 * 11 * 288 * 64, 1600.0 * 10]
        let flopsPerSample = isConvnet ? 2 * (3 * convMacs.reduce(0, +) - convMacs[0]) : 2 * (3 * macs.reduce(0, +) - macs[0])
        let line: [String: Any] = [
            "variant": seed.name, "epochs": epochs, "batch": seed.batchSize, "params": model.countParams(),
            "sec_per_epoch_median": (perEpoch * 1000).rounded() / 1000, "first_epoch": ((times.first ?? 0) * 1000).rounded() / 1000,
            "total_fit_sec": (total * 100).rounded() / 100, "epoch_times": times.map { ($0 * 1000).rounded() / 1000 }, "samples_per_sec": Int(trainedSamples / perEpoch),
            "gflops": ((flopsPerSample * trainedSamples / perEpoch / 1e9) * 10).rounded() / 10,
            "test_loss": ((scores["loss"] ?? .nan) * 10000).rounded() / 10000, "test_acc": ((scores["accuracy"] ?? .nan) * 10000).rounded() / 10000,
        ]
        let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        fflush(stdout)
    }
}
