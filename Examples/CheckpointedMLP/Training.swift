import ExampleSupport
import Foundation
import SwiftKeras

/// softmax_cross_entropy_with_logits averaged over the batch: -(1/b) Σᵢ Σⱼ yᵢⱼ log softmax(logitsᵢ)ⱼ.
let lossFunction = Loss.categoricalCrossentropy(fromLogits: true)

/// Trains `model` as the tutorial's session loop does: each epoch runs every shuffled batch of the training
/// images through Adam, then prints the loss and accuracy on the validation images.
///
/// - Parameters:
///   - model: a model that outputs logits `[b, 10]`.
///   - mnist: the training and validation images.
///   - trainEpochs: the number of epochs (the tutorial's `train_epochs`).
///   - batchSize: images per batch (the tutorial's `batch_size`).
///   - learningRate: Adam's learning rate.
///   - afterEpoch: called with each epoch's index (from 0) once it is done, e.g. to save a checkpoint.
func train(_ model: Sequential, on mnist: MNISTDataSets, trainEpochs: Int, batchSize: Int, learningRate: Float,
           afterEpoch: (Int) throws -> Void = { _ in }) throws {
    // tf.train.AdamOptimizer, which the tutorial uses, defaults to ε = 1e-8 (Keras's Adam: 1e-7).
    let optimizer = Adam(learningRate: learningRate, epsilon: 1e-8)
    let trainData = try Dataset(mnist.train.images, mnist.train.labels)
    for epoch in 0..<trainEpochs {
        // xs, ys = mnist.train.next_batch(batch_size), batch_num times
        for (xs, ys) in trainData.shuffled(seed: UInt64(epoch)).batched(batchSize) {
            let tape = GradientTape()
            let loss = tape.record { lossFunction(ys, model(xs)) }
            let grads = tape.gradient(of: loss, wrt: model.trainableVariables)
            optimizer.applyGradients(zip(grads, model.trainableVariables))
        }
        let (loss, acc) = lossAndAccuracy(model, on: mnist.validation)
        print(String(format: "Train epoch %2d: loss %9f, accuracy %.4f", epoch + 1, loss, acc))
        try afterEpoch(epoch)
    }
}

/// The mean softmax cross-entropy and the accuracy of `model` on `split`.
///
/// accuracy = mean(argmax(pred, 1) == argmax(y, 1)), as the tutorial's `correct_prediction` counts it.
func lossAndAccuracy(_ model: Sequential, on split: MNISTDataSets.Split) -> (loss: Float, accuracy: Float) {
    let logits = model(split.images)
    return (lossFunction(split.labels, logits).scalar, classificationAccuracy(logits, labels: split.labels))
}
