import Foundation

// Keras 3's regression losses (keras/src/losses/losses.py), each the mean over the last axis of a term of
// e = yPred - yTrue (or of the two values), then the mean over the batch.

/// Huber: ½e² where |e| ≤ δ, else δ·|e| - ½δ² (`keras.losses.Huber`, δ = `delta`).
func huberLoss(_ yTrue: Tensor, _ yPred: Tensor, delta: Float) -> Tensor {
    elementwiseMeanLoss(yTrue, yPred, name: "huber") { t, p in
        let error = p - t
        if Swift.abs(error) <= delta { return (0.5 * error * error, error) }
        return (delta * Swift.abs(error) - 0.5 * delta * delta, delta * signum(error))
    }
}

/// log(cosh(e)), computed as e + softplus(-2e) - log 2 so that it does not overflow (`keras.losses.LogCosh`);
/// its derivative is tanh(e).
func logCoshLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    elementwiseMeanLoss(yTrue, yPred, name: "log_cosh") { t, p in
        let error = Double(p - t)
        let softplus = Swift.max(-2 * error, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(2 * error)))
        return (Float(error + softplus - Foundation.log(2.0)), Float(Foundation.tanh(error)))
    }
}

/// (log(max(yPred, ε) + 1) - log(max(yTrue, ε) + 1))² (`keras.losses.MeanSquaredLogarithmicError`, ε = 1e-7).
func meanSquaredLogarithmicErrorLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    elementwiseMeanLoss(yTrue, yPred, name: "mean_squared_logarithmic_error") { t, p in
        let clippedPrediction = Swift.max(p, Loss.epsilon)
        let difference = Foundation.log(clippedPrediction + 1) - Foundation.log(Swift.max(t, Loss.epsilon) + 1)
        let slope: Float = p >= Loss.epsilon ? 2 * difference / (clippedPrediction + 1) : 0
        return (difference * difference, slope)
    }
}

/// 100·|yTrue - yPred| / max(|yTrue|, ε) (`keras.losses.MeanAbsolutePercentageError`, ε = 1e-7).
func meanAbsolutePercentageErrorLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    elementwiseMeanLoss(yTrue, yPred, name: "mean_absolute_percentage_error") { t, p in
        let scale = 100 / Swift.max(Swift.abs(t), Loss.epsilon)
        return (Swift.abs(t - p) * scale, signum(p - t) * scale)
    }
}

/// yPred - yTrue·log(yPred + ε) (`keras.losses.Poisson`, ε = 1e-7).
func poissonLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    elementwiseMeanLoss(yTrue, yPred, name: "poisson") { t, p in
        (p - t * Foundation.log(p + Loss.epsilon), 1 - t / (p + Loss.epsilon))
    }
}

/// Σ over the last axis of y·log(y / p) with y and p clipped to [ε, 1] (`keras.losses.KLDivergence`): a sum over
/// the classes, not a mean.
func kullbackLeiblerDivergenceLoss(_ yTrue: Tensor, _ yPred: Tensor) -> Tensor {
    rowwiseLoss(yTrue, yPred, name: "kl_divergence") { t, p, width, dp in
        var sum: Float = 0
        for j in 0..<width {
            let y = Swift.min(Swift.max(t[j], Loss.epsilon), 1), q = Swift.min(Swift.max(p[j], Loss.epsilon), 1)
            sum += y * Foundation.log(y / q)
            // TensorFlow's clip passes the gradient on the closed interval [ε, 1].
            dp[j] = p[j] >= Loss.epsilon && p[j] <= 1 ? -y / q : 0
        }
        return sum
    }
}
