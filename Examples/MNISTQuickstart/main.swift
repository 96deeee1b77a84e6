// Tutorial 5 (多层神经网络 —— Sequential实现手写数字识别): Flatten + 128 relu + 10 softmax, `summary()`
// (101,770 parameters), Adam, sparse categorical cross-entropy, batches of 64 for 5 epochs with 20% of
// the training images held out for validation, `evaluate` (about 97.5%), `predict` on the first test images,
// and a picture of test digits with their true and predicted labels.
//
//     swift run -c release MNISTQuickstart [--epochs 5] [--data PATH] [--samples N] [--output DIR] [--pipeline]
//
// `--pipeline` trains on `Dataset` pipelines instead (a full-size shuffle buffer seeded with the model's shuffle
// seed): the same history as the arrays, and the same memory after 1 epoch as after 5.
import ExampleSupport
import Foundation
import SwiftKeras

runExample {
    let options = ExampleOptions.parse(
        name: "MNISTQuickstart", summary: "tutorial 5, the Keras quickstart: Flatten, Dense, Adam, fit, evaluate, predict",
        defaultEpochs: 5)

    // 3. Load the data.
    let ((trainX, trainY), (testX, testY)) = try options.loadMNIST()
    print(pythonShape(trainX.shape))   // (60000, 28, 28)
    print(pythonShape(trainY.shape))   // (60000,)
    print(pythonShape(testX.shape))    // (10000, 28, 28)
    print(pythonShape(testY.shape))    // (10000,)
    print(type(of: trainX), type(of: trainY))
    print(type(of: testX), type(of: testY))
    print((Int(trainX.scalars.min()!), Int(trainX.scalars.max()!)))   // grey levels in 0...255
    print((Int(testY.scalars.min()!), Int(testY.scalars.max()!)))     // labels in 0...9

    // 4. Preprocess: scale the grey levels to 0...1 (a Flatten layer reshapes [28, 28] to [784]).
    // In place: `consume` hands the raw training images over, so their 188 MB are scaled, not copied.
    var xTrain = consume trainX, xTest = testX
    xTrain /= 255
    xTest /= 255
    let (yTrain, yTest) = (trainY, testY)

    // 5. Build the model.
    let model = Sequential()
    model.add(Flatten(inputShape: [28, 28]))
    model.add(Dense(128, activation: .relu))
    model.add(Dense(10, activation: .softmax))

    // 6. The model's structure and parameters.
    model.summary()

    // 7. Configure training.
    model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(),
                  metrics: [.sparseCategoricalAccuracy])

    // 8. Train.
    let history: History
    if options.pipeline {
        // tf.data's way, with the rows fit's validationSplit: 0.2 would take (the first 80% train).
        let trainCount = xTrain.shape[0] * 4 / 5
        let all = try Dataset(xTrain, yTrain)
        let train = all.take(trainCount).shuffled(bufferSize: trainCount, seed: model.shuffleSeed).batched(64)
        let validation = all.skip(trainCount).batched(64)
        history = try model.fit(train, epochs: options.epochs, validationData: validation)
    } else {
        history = try model.fit(xTrain, yTrain, epochs: options.epochs, batchSize: 64, validationSplit: 0.2)
    }

    // 9. Evaluate on MNIST's own test set.
    let scores = try model.evaluate(xTest, yTest, batchSize: 64, verbose: 2)

    print(numpyString(try model.predict(xTest[0].reshaped(to: [1, 28, 28]), verbose: 0)))
    print(Int(try model.predict(xTest[0].reshaped(to: [1, 28, 28]), verbose: 0).argmax(axis: 1).scalars[0]))  // 7
    print(numpyString(try model.predict(xTest[0..<1], verbose: 0)))
    print(Int(try model.predict(xTest[0..<1], verbose: 0).argmax(axis: 1).scalars[0]))  // 7

    // 10. Use the model on the first four test images.
    let shown = min(4, xTest.shape[0])
    print(numpyString(try model.predict(xTest[0..<shown], verbose: 0)))
    // argmax over axis 1: each row's most probable digit
    let yPred = try model.predict(xTest[0..<shown], verbose: 0).argmax(axis: 1)
    print(numpyString(yPred))   // [7 2 1 0]

    // The tutorial's two figures: the first four test images, then four drawn at random.
    func caption(_ index: Int, _ predicted: Float) -> String { "y= \(Int(testY[index].scalar))\ny_pred=\(Int(predicted))" }
    let firstFour = try options.outputPath("first_4_test_digits.png")
    try plotDigits(testX[0..<shown], captions: (0..<shown).map { caption($0, yPred.scalars[$0]) }, to: firstFour)
    print("Picture of the first \(shown) test digits with true and predicted labels:", firstFour)

    var generator = SeededGenerator(seed: 2024)
    let randomIndices = (0..<shown).map { _ in Int(generator.next() % UInt64(xTest.shape[0])) }
    let randomPred = try model.predict(xTest.gatheringRows(randomIndices), verbose: 0).argmax(axis: 1)
    let randomFour = try options.outputPath("random_4_test_digits.png")
    try plotDigits(testX.gatheringRows(randomIndices),
                   captions: randomIndices.indices.map { caption(randomIndices[$0], randomPred.scalars[$0]) },
                   to: randomFour)
    print("Picture of \(shown) random test digits with true and predicted labels:", randomFour)

    let curves = try options.outputPath("training_history.png")
    try history.plot(to: curves)
    print("Training curves (loss and accuracy per epoch) written to", curves)
    print(String(format: "test accuracy: %.4f", scores["sparse_categorical_accuracy"]!))
}
