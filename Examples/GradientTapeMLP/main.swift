// Tutorial 1 (TensorFlow 三层全连接 MNIST): a three-layer MLP, 784-512-256-10, trained by a custom
// GradientTape loop on the sum of squared errors against one-hot labels, with SGD (learning rate 0.001),
// batches of 200 and 30 epochs, printing `epoch step loss:` every 100 steps.
//
//     swift run -c release GradientTapeMLP [--epochs 30] [--data PATH] [--samples N] [--output DIR]
import ExampleSupport
import Foundation
import SwiftKeras

runExample {
    let options = ExampleOptions.parse(
        name: "GradientTapeMLP", summary: "tutorial 1, a 784-512-256-10 MLP trained by a GradientTape loop with SGD",
        defaultEpochs: 30)

    // (x, y), (x_val, y_val) = datasets.mnist.load_data()
    var ((x, y), (xVal, yVal)) = try options.loadMNIST()
    x = x / 255
    y = toCategorical(y, numClasses: 10)                 // tf.one_hot(y, depth=10)
    print(pythonShape(x.shape), pythonShape(y.shape))
    // The tutorial batches without shuffling; `.shuffled(seed: epoch)` before `.batched` would shuffle.
    let trainDataset = try Dataset(x, y).batched(200)

    let model = Sequential([
        Dense(512, activation: .relu),
        Dense(256, activation: .relu),
        Dense(10),
    ])
    let optimizer = SGD(learningRate: 0.001)

    var epochLosses: [Float] = []

    func trainEpoch(_ epoch: Int) {
        var lossSum: Float = 0
        // Step4. loop
        for (step, (x, y)) in trainDataset.enumerated() {
            let tape = GradientTape()
            let loss = tape.record { () -> Tensor in
                // [b, 28, 28] => [b, 784]
                let x = x.reshaped(to: [-1, 28 * 28])
                // Step1. compute output: [b, 784] => [b, 10]
                let out = model(x)
                // Step2. compute loss
                return (out - y).squared().sum() / Float(x.shape[0])
            }
            // Step3. optimize and update w1, w2, w3, b1, b2, b3
            let grads = tape.gradient(of: loss, wrt: model.trainableVariables)
            // w' = w - lr * grad
            optimizer.applyGradients(zip(grads, model.trainableVariables))

            if step % 100 == 0 {
                print(epoch, step, "loss:", loss.scalar)
            }
            lossSum += loss.scalar
        }
        epochLosses.append(lossSum / Float(trainDataset.count))
    }

    func train() {
        for epoch in 0..<options.epochs {
            trainEpoch(epoch)
        }
    }

    train()

    // Not in the tutorial: the mean loss of each epoch, and the accuracy on the 10,000 test images.
    print("mean loss per epoch:", epochLosses.map { String(format: "%.4f", $0) }.joined(separator: " "))
    let out = model((xVal / 255).reshaped(to: [-1, 28 * 28]))
    print("test accuracy:", String(format: "%.4f", classificationAccuracy(out, labels: yVal)))
}
