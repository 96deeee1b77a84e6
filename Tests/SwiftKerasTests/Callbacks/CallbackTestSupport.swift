import XCTest
@testable import SwiftKeras

/// Drives callbacks with synthetic logs, as Keras's own callback tests do.
enum CallbackDriver {
    /// A small compiled model to attach callbacks to.
    static func model(learningRate: Float = 0.1, metrics: [Metric] = [.accuracy]) -> Sequential {
        let model = Sequential([Dense(2, inputShape: [2], name: "dense"), Dense(3, activation: .softmax, name: "dense_1")])
        model.compile(optimizer: SGD(learningRate: learningRate), loss: .sparseCategoricalCrossentropy(), metrics: metrics)
        return model
    }

    /// Calls `onTrainBegin`, then `onEpochEnd` with `{key: value}` for each value until the model is told to
    /// stop, then `onTrainEnd`; `beforeEpoch` runs at the start of each epoch. Returns the number of epochs run.
    @discardableResult
    static func run(_ callback: Callback, on model: Sequential, _ key: String, _ values: [Float],
                    beforeEpoch: (Int) -> Void = { _ in }) -> Int {
        callback.setModel(model)
        model.stopTraining = false
        callback.onTrainBegin(logs: [:])
        var epochs = 0
        for (epoch, value) in values.enumerated() {
            epochs += 1
            beforeEpoch(epoch)
            callback.onEpochBegin(epoch, logs: [:])
            callback.onEpochEnd(epoch, logs: [key: value])
            if model.stopTraining { break }
        }
        callback.onTrainEnd(logs: [:])
        return epochs
    }

    /// Sets every weight of `model` to `value`, so that restored weights tell which epoch they came from.
    static func markWeights(_ model: Sequential, _ value: Float) {
        try! model.setWeights(model.getWeights().map { Tensor(repeating: value, shape: $0.shape) })
    }

    /// The value every weight of `model` holds (asserting they agree).
    static func weightMark(_ model: Sequential) -> Float? {
        let values = Set(model.getWeights().flatMap(\.scalars))
        return values.count == 1 ? values.first : nil
    }

    /// Data for a short `fit`: 12 samples of 2 features, labels 0...2.
    static func data() -> (Tensor, Tensor) {
        let x = Tensor(shape: [12, 2], scalars: (0..<24).map { Float(($0 * 7) % 11) / 11 - 0.5 })
        let y = Tensor((0..<12).map { Float($0 % 3) })
        return (x, y)
    }
}
