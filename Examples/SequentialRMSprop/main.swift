// Tutorial 4 (深度学习笔记 MNIST 手写数字识别 V1.0): a Sequential network of 512 relu units and a 10-way softmax,
// compiled with RMSprop, categorical cross-entropy and accuracy, trained for 5 epochs in batches of 128 on
// labels one-hot encoded by `toCategorical`, then evaluated on the test set (about 98%).
//
//     swift run -c release SequentialRMSprop [--epochs 5] [--data PATH] [--samples N] [--output DIR]
import ExampleSupport
import Foundation
import SwiftKeras

runExample {
    let options = ExampleOptions.parse(
        name: "SequentialRMSprop", summary: "tutorial 4, compile/fit/evaluate with RMSprop and toCategorical labels",
        defaultEpochs: 5)

    // 1. Load the MNIST dataset.
    var ((trainImages, trainLabels), (testImages, testLabels)) = try options.loadMNIST()

    // 2. The network.
    let network = Sequential()
    network.add(Dense(512, activation: .relu, inputShape: [28 * 28]))
    network.add(Dense(10, activation: .softmax))

    // 3. The compilation step.
    network.compile(optimizer: RMSprop(), loss: .categoricalCrossentropy(), metrics: [.accuracy])

    // 4. Prepare the images: [N, 28, 28] in 0...255 => [N, 784] in 0...1.
    trainImages = trainImages.reshaped(to: [trainImages.shape[0], 28 * 28]) / 255
    testImages = testImages.reshaped(to: [testImages.shape[0], 28 * 28]) / 255

    // 5. Prepare the labels.
    trainLabels = toCategorical(trainLabels)
    testLabels = toCategorical(testLabels)

    // 6. Train the network.
    let history = try network.fit(trainImages, trainLabels, epochs: options.epochs, batchSize: 128)

    // 7. Test the network.
    let scores = try network.evaluate(testImages, testLabels)
    let (testLoss, testAcc) = (scores["loss"]!, scores["accuracy"]!)
    print("test_loss:", testLoss)
    print("test_acc:", testAcc)

    let curves = try options.outputPath("training_history.png")
    try history.plot(to: curves)
    print("Training curves written to", curves)
}
