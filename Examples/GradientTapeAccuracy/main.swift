// Tutorial 2 (TensorFlow深度学习(二) 图像分类): a 784-256-128-10 MLP trained by a GradientTape loop on the sum
// of squared errors, with SGD (learning rate 0.01), batches of 32 and the dataset repeated 30 times; an
// accuracy meter is printed and reset every 200 steps.
//
//     swift run -c release GradientTapeAccuracy [--epochs 30] [--data PATH] [--samples N] [--output DIR]
import ExampleSupport
import Foundation
import SwiftKeras

runExample {
    let options = ExampleOptions.parse(
        name: "GradientTapeAccuracy",
        summary: "tutorial 2, a 784-256-128-10 MLP trained by a GradientTape loop with an accuracy meter",
        defaultEpochs: 30)

    var ((xs, ys), (xTest, yTest)) = try options.loadMNIST()
    print("datasets:", pythonShape(xs.shape), pythonShape(ys.shape), Int(xs.scalars.min() ?? 0),
          Int(xs.scalars.max() ?? 0))

    let batchSize = 32
    xs = xs / 255
    // db = tf.data.Dataset.from_tensor_slices((xs, ys)).batch(batch_size).repeat(30)
    let db = try Dataset(xs, ys).batched(batchSize)
    let batches = (0..<options.epochs).lazy.flatMap { _ in db }

    let model = Sequential([
        Dense(256, activation: .relu),
        Dense(128, activation: .relu),
        Dense(10),
    ])
    try model.build(inputShape: [28 * 28])
    model.summary()

    let optimizer = SGD(learningRate: 0.01)
    var accMeter = AccuracyMeter()
    var epochLossSums = [Float](repeating: 0, count: options.epochs)

    for (step, (x, y)) in batches.enumerated() {
        let tape = GradientTape()
        var out = Tensor(0)
        let loss = tape.record { () -> Tensor in
            // Flatten: [b, 28, 28] => [b, 784]
            let x = x.reshaped(to: [-1, 28 * 28])
            // Step1. the model's output: [b, 784] => [b, 10]
            out = model(x)
            // [b] => [b, 10]
            let yOnehot = toCategorical(y, numClasses: 10)
            // The sum of squared differences, [b, 10], divided by the batch size: the mean error per sample.
            let loss = (out - yOnehot).squared()
            return loss.sum() / Float(x.shape[0])
        }
        accMeter.updateState(out.argmax(axis: 1), y)

        let grads = tape.gradient(of: loss, wrt: model.trainableVariables)
        optimizer.applyGradients(zip(grads, model.trainableVariables))

        epochLossSums[step / db.count] += loss.scalar

        if step % 200 == 0 {
            print(step, "loss:", loss.scalar, "acc:", accMeter.result())
            accMeter.resetStates()
        }
    }

    // Not in the tutorial: the mean loss of each pass over the data, and the accuracy on the 10,000 test images.
    print("mean loss per epoch:", epochLossSums.map { String(format: "%.4f", $0 / Float(db.count)) }.joined(separator: " "))
    let out = model((xTest / 255).reshaped(to: [-1, 28 * 28]))
    print("test accuracy:", String(format: "%.4f", classificationAccuracy(out, labels: yTest)))
}
