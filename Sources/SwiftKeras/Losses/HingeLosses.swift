// Keras 3's hinge losses (keras/src/losses/losses.py), for classifiers that output scores.

/// Labels of 0 and 1 only become -1 and 1, as Keras's `convert_binary_labels_to_hinge`; other labels stay.
func hingeLabels(_ yTrue: Tensor) -> Tensor {
    guard yTrue.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) else { return yTrue }
    return Tensor(shape: yTrue.shape, scalars: yTrue.scalars.map { 2 * $0 - 1 })
}

/// max(1 - y·p, 0) averaged over the last axis, with 0/1 labels read as -1/1 (`keras.losses.Hinge`).
func hingeLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    elementwiseMeanLoss(hingeLabels(yTrue), yPred, name: "hinge") { y, p in
        let margin = 1 - y * p
        // TensorFlow's maximum sends the gradient to its first argument on a tie.
        return margin >= 0 ? (margin, -y) : (0, 0)
    }
}

/// max(1 - y·p, 0)² averaged over the last axis, with 0/1 labels read as -1/1 (`keras.losses.SquaredHinge`).
func squaredHingeLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    elementwiseMeanLoss(hingeLabels(yTrue), yPred, name: "squared_hinge") { y, p in
        let margin = Swift.max(1 - y * p, 0)
        return (margin * margin, -2 * y * margin)
    }
}

/// max(neg - pos + 1, 0) per sample, pos = Σ y·p, neg = max over classes of (1 - y)·p, for one-hot `yTrue`
/// (`keras.losses.CategoricalHinge`). The gradient of the max is shared among tied classes, as TensorFlow's.
func categoricalHingeLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    rowwiseLoss(yTrue, yPred, name: "categorical_hinge") { y, p, width, dp in
        var positive: Float = 0, negative = -Float.infinity
        for j in 0..<width {
            positive += y[j] * p[j]
            negative = Swift.max(negative, (1 - y[j]) * p[j])
        }
        let margin = negative - positive + 1
        let ties = Float((0..<width).filter { (1 - y[$0]) * p[$0] == negative }.count)
        for j in 0..<width {
            let fromMax = (1 - y[j]) * p[j] == negative ? (1 - y[j]) / ties : 0
            dp[j] = margin >= 0 ? fromMax - y[j] : 0
        }
        return Swift.max(margin, 0)
    }
}
