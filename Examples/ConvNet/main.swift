// Keras's first example, mnist_convnet (keras.io/examples/vision/mnist_convnet): two convolution and pooling
// blocks, Dropout and a softmax layer, 34,826 parameters, trained with Adam on one-hot labels in batches of 128
// for 15 epochs with 10% of the training images held out for validation; about 99% test accuracy.
//
//     swift run -c release ConvNet [--epochs 15] [--data PATH] [--samples N] [--output DIR] [--seed N]
import ExampleSupport
import Foundation
import SwiftKeras

runExample {
    let options = ExampleOptions.parse(
        name: "ConvNet", summary: "Keras's mnist_convnet: Conv2D, MaxPooling2D, Dropout, about 99% test accuracy",
        defaultEpochs: 15)

    // Prepare the data: scale images to [0, 1], make sure they have shape (28, 28, 1), one-hot labels.
    let numClasses = 10
    let inputShape = [28, 28, 1]
    let ((trainX, trainY), (testX, testY)) = try options.loadMNIST()
    var xTrain = (consume trainX).reshaped(to: [-1] + inputShape), xTest = testX.reshaped(to: [-1] + inputShape)
    xTrain /= 255
    xTest /= 255
    print("x_train shape:", pythonShape(xTrain.shape))
    print(xTrain.shape[0], "train samples")
    print(xTest.shape[0], "test samples")
    let yTrain = toCategorical(trainY, numClasses: numClasses)
    let yTest = toCategorical(testY, numClasses: numClasses)

    // Build the model.
    let model = Sequential([
        Input(shape: inputShape),
        Conv2D(32, kernelSize: (3, 3), activation: .relu),
        MaxPooling2D(poolSize: (2, 2)),
        Conv2D(64, kernelSize: (3, 3), activation: .relu),
        MaxPooling2D(poolSize: (2, 2)),
        Flatten(),
        Dropout(0.5),
        Dense(numClasses, activation: .softmax),
    ])
    model.summary()

    // Train the model.
    let batchSize = 128
    model.compile(optimizer: Adam(), loss: .categoricalCrossentropy(), metrics: [.accuracy])
    let history = try model.fit(xTrain, yTrain, epochs: options.epochs, batchSize: batchSize, validationSplit: 0.1)

    // Evaluate the trained model.
    let score = try model.evaluate(xTest, yTest, verbose: 0)
    print("Test loss:", score["loss"]!)
    print("Test accuracy:", score["accuracy"]!)

    let curves = try options.outputPath("training_history.png")
    try history.plot(to: curves)
    print("Training curves (loss and accuracy per epoch) written to", curves)
    let saved = try options.outputPath("mnist_convnet.swiftkeras")
    try model.save(to: saved)
    print("Model saved to", saved)
    print(String(format: "test accuracy: %.4f", score["accuracy"]!))
}
