import Foundation
import SwiftKeras

extension ExampleOptions {
    /// Loads MNIST like `keras.datasets.mnist.load_data()`, from `--data` or the usual places, keeping only
    /// the first `--samples` rows of each split when that option is given.
    ///
    /// - Returns: `((xTrain [N, 28, 28] in 0...255, yTrain [N]), (xTest, yTest))`.
    /// - Throws: `SwiftKerasError` from `MNIST.loadData(path:)` when the data is missing or damaged.
    public func loadMNIST() throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        let ((xTrain, yTrain), (xTest, yTest)) = try MNIST.loadData(path: dataPath)
        guard let samples else { return ((xTrain, yTrain), (xTest, yTest)) }
        let train = min(samples, xTrain.shape[0]), test = min(samples, xTest.shape[0])
        return ((xTrain[0..<train], yTrain[0..<train]), (xTest[0..<test], yTest[0..<test]))
    }
}
