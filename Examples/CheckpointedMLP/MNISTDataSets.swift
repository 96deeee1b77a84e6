import ExampleSupport
import SwiftKeras

/// MNIST as the tutorial's `input_data.read_data_sets('MNIST_data/', one_hot=True)` serves it: the first
/// 5,000 training images held out for validation, 55,000 left for training, 10,000 for testing; images
/// flattened to 784 values in 0...1, labels one-hot.
struct MNISTDataSets {
    /// Images `[N, 784]` and one-hot labels `[N, 10]`.
    typealias Split = (images: Tensor, labels: Tensor)

    let train: Split
    let validation: Split
    let test: Split

    /// Loads MNIST from the example's `--data` (or the usual places) and splits it as `read_data_sets` does.
    ///
    /// With `--samples N`, the validation split is the first N/12 of the N training samples (5,000 of 60,000).
    init(_ options: ExampleOptions) throws {
        let ((xTrain, yTrain), (xTest, yTest)) = try options.loadMNIST()
        func prepare(_ images: Tensor, _ labels: Tensor) -> Split {
            (images.reshaped(to: [-1, 784]) / 255, toCategorical(labels, numClasses: 10))
        }
        let count = xTrain.shape[0]
        let validationSize = count / 12
        validation = prepare(xTrain[0..<validationSize], yTrain[0..<validationSize])
        train = prepare(xTrain[validationSize..<count], yTrain[validationSize..<count])
        test = prepare(xTest, yTest)
    }
}
