import SIMDKernels

/// What one batch gave: the loss summed over its samples (mean × rows) and the predictions, from which
/// `MetricAccumulator` updates the metrics.
struct BatchResult {
    let loss: Double
    let prediction: Tensor
}

extension Sequential {
    /// The one training step, as Keras's `train_step`: forward with `training: true`, the loss, its gradients on a
    /// `GradientTape`, and the optimizer's update. `fit` runs it on every batch, and a custom training loop that
    /// writes the same four lines computes the same numbers.
    ///
    /// What makes it fast belongs to the operations themselves, so every layer gets it: a cross-entropy on a
    /// softmax output is one fused operation from the logits; a dense layer on a data batch multiplies by the
    /// batch's nonzero entries; the tape releases its records after `gradient`, so the optimizer updates the
    /// weights in place. Denormals are flushed to zero, as TensorFlow's CPU threads run.
    func trainStep(_ x: Tensor, _ y: Tensor, compiled: CompiledState) -> BatchResult {
        withDenormalsFlushedToZero {
            let variables = trainableVariables
            let tape = GradientTape()
            var prediction = Tensor(0)
            let loss = tape.record { () -> Tensor in
                prediction = self(x, training: true)
                return compiled.loss(y, prediction)
            }
            compiled.optimizer.applyGradients(zip(tape.gradient(of: loss, wrt: variables), variables))
            return BatchResult(loss: Double(loss.scalars.reduce(0, +)) * Double(x.shape[0]), prediction: prediction)
        }
    }

    /// The loss and metrics of one batch in inference mode (Keras's `test_step`), without updating anything.
    func testStep(_ x: Tensor, _ y: Tensor, compiled: CompiledState) -> BatchResult {
        withDenormalsFlushedToZero {
            let prediction = self(x, training: false)
            let loss = compiled.loss(y, prediction)
            return BatchResult(loss: Double(loss.scalars.reduce(0, +)) * Double(x.shape[0]), prediction: prediction)
        }
    }

    /// The model's outputs for one batch in inference mode (Keras's `predict_step`).
    func predictStep(_ x: Tensor) -> Tensor {
        withDenormalsFlushedToZero { self(x, training: false) }
    }
}
