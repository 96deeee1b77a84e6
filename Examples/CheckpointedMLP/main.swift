// Tutorial 3 (Python利用全连接神经网络求解MNIST问题): fully connected networks trained on softmax
// cross-entropy from logits with Adam (learning rate 0.01), batches of 50 and 20 epochs, printing the
// validation loss and accuracy after each epoch:
//   1. one hidden layer, 784-256-10, weights drawn from tf.random_normal (σ = 1);
//   2. two hidden layers, 784-256-64-10, built with the reusable `fcnLayer` (truncated normal, σ = 0.1);
//   3. the second network saved every 5 epochs and at the end, then restored from the last checkpoint to
//      evaluate the test set.
//
//     swift run -c release CheckpointedMLP [--epochs 20] [--data PATH] [--samples N] [--output DIR]
import ExampleSupport
import Foundation
import SwiftKeras

runExample {
    let options = ExampleOptions.parse(
        name: "CheckpointedMLP",
        summary: "tutorial 3, fully connected networks with Adam, validation per epoch, checkpoints and restore",
        defaultEpochs: 20)

    let mnist = try MNISTDataSets(options)
    let trainEpochs = options.epochs      // 训练轮数
    let batchSize = 50                    // 每个批次的样本数
    let learningRate: Float = 0.01

    // 1. A single hidden layer: Y1 = relu(x @ W1 + b1), Y2 = Y1 @ W2 + b2 (logits), pred = softmax(Y2).
    print("1. One hidden layer (784-256-10)")
    let h1Num = 256
    let model = Sequential([
        Input(shape: [784]),
        Dense(h1Num, activation: .relu, kernelInitializer: .randomNormal(mean: 0, stddev: 1)),
        Dense(10, kernelInitializer: .randomNormal(mean: 0, stddev: 1)),
    ])
    try train(model, on: mnist, trainEpochs: trainEpochs, batchSize: batchSize, learningRate: learningRate)
    let testRes = lossAndAccuracy(model, on: mnist.test).accuracy
    print(String(format: "Test accuracy: %.4f", testRes))

    // 2. Two hidden layers built with the reusable fully connected layer function.
    print("2. Two hidden layers (784-256-64-10) with fcnLayer")
    let deepModel = Sequential([
        Input(shape: [784]),
        fcnLayer(784, 256, activation: .relu),
        fcnLayer(256, 64, activation: .relu),
        fcnLayer(64, 10),
    ])

    // 3. Saving every `saveStep` epochs and once more at the end, then restoring the last checkpoint.
    let saveDir = try options.outputPath("ModelSaving")
    try FileManager.default.createDirectory(atPath: saveDir, withIntermediateDirectories: true)
    let saveStep = 5
    var lastCheckpoint = ""
    func save(_ name: String) throws {
        lastCheckpoint = (saveDir as NSString).appendingPathComponent(name)
        try deepModel.save(to: lastCheckpoint)
        print("Saved", lastCheckpoint)
    }
    try train(deepModel, on: mnist, trainEpochs: trainEpochs, batchSize: batchSize, learningRate: learningRate) { epoch in
        if epoch % saveStep == 0 {
            try save(String(format: "mnist_fcn_%02d.swiftkeras", epoch + 1))
        }
    }
    try save("mnist_fcn.swiftkeras")
    print(String(format: "Test accuracy: %.4f", lossAndAccuracy(deepModel, on: mnist.test).accuracy))

    // Reading the model back: a fresh model from the last checkpoint scores the same on the test set.
    let restored = try Sequential.load(from: lastCheckpoint)
    print("Restored from", lastCheckpoint)
    print(String(format: "Test accuracy: %.4f", lossAndAccuracy(restored, on: mnist.test).accuracy))
}
