import Foundation
import SIMDKernels

/// Cross-entropy of softmax(logits) against `labels`, averaged over the rows, as one recorded operation (what
/// TensorFlow's `softmax_cross_entropy_with_logits` computes, and what Keras's graph mode uses whenever a
/// cross-entropy meets the output of a softmax).
///
/// Per row: loss = -Σⱼ yⱼ·log softmax(z)ⱼ. Backward: dz = (softmax(z)·Σⱼ yⱼ - y) / rows (for one-hot labels,
/// softmax(z) - y), without going through the softmax's own backward pass.
///
/// - Parameters:
///   - labels: one row of class weights per row of `logits` (one-hot), or with `sparse` one class index per row.
///   - logits: `[..., classes]`.
///   - sparse: whether `labels` holds class indices.
///   - probabilities: softmax(logits) when the caller has it already (the output of a softmax layer).
func softmaxCrossentropy(labels: Tensor, logits: Tensor, sparse: Bool, probabilities known: Tensor? = nil) -> Tensor {
    let classes = logits.shape.last ?? 1
    let rows = classes == 0 ? 0 : logits.count / classes
    if sparse {
        guard labels.count == rows else {
            fatalError("sparse cross-entropy needs one class index per row: labels of shape \(labels.shape) against predictions of shape \(logits.shape)")
        }
    } else {
        guard labels.shape == logits.shape else {
            fatalError("cross-entropy needs labels shaped like the predictions: got labels \(labels.shape) and predictions \(logits.shape)")
        }
    }
    var probabilities = [Float](repeating: 0, count: logits.count)
    var total = 0.0
    logits.scalars.withUnsafeBufferPointer { z in
        probabilities.withUnsafeMutableBufferPointer { p in
            guard rows > 0 else { return }
            // log softmax first (into p), the per-row losses from it, then softmax in place of it.
            logSoftmaxRows(z.baseAddress!, p.baseAddress!, rows: rows, cols: classes)
            labels.scalars.withUnsafeBufferPointer { y in
                for row in 0..<rows {
                    let logP = p.baseAddress! + row * classes
                    if sparse {
                        let label = y[row]
                        guard label >= 0, label < Float(classes), label.rounded() == label else {
                            fatalError("sparse cross-entropy: label \(label) in row \(row) is not a class index in 0..<\(classes)")
                        }
                        total -= Double(logP[Int(label)])
                    } else {
                        var rowLoss: Float = 0
                        for j in 0..<classes { rowLoss -= y[row * classes + j] * logP[j] }
                        total += Double(rowLoss)
                    }
                }
            }
            if let known {
                known.scalars.withUnsafeBufferPointer { p.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
            } else {
                softmaxRows(z.baseAddress!, p.baseAddress!, rows: rows, cols: classes)
            }
        }
    }
    let loss = Tensor(Float(total / Double(Swift.max(rows, 1))))
    return Tensor.recorded(loss, inputs: [logits]) { g in
        let scale = g.scalar / Float(Swift.max(rows, 1))
        let dz = Tensor(shape: logits.shape) { out, _ in
            probabilities.withUnsafeBufferPointer { p in
                labels.scalars.withUnsafeBufferPointer { y in
                    for row in 0..<rows {
                        let pRow = p.baseAddress! + row * classes, dRow = out + row * classes
                        if sparse {
                            for j in 0..<classes { dRow[j] = pRow[j] * scale }
                            dRow[Int(y[row])] -= scale
                        } else {
                            let yRow = y.baseAddress! + row * classes
                            var mass: Float = 0
                            for j in 0..<classes { mass += yRow[j] }
                            for j in 0..<classes { dRow[j] = (pRow[j] * mass - yRow[j]) * scale }
                        }
                    }
                }
            }
        }
        return [dz]
    }
}

/// Binary cross-entropy from logits, as TensorFlow's `sigmoid_cross_entropy_with_logits`: per value
/// max(z, 0) - z·y + log(1 + e^-|z|), averaged over the last axis and then the batch, as one recorded operation.
/// Backward: dz = (sigmoid(z) - y) / count.
func sigmoidCrossentropy(labels: Tensor, logits: Tensor) -> Tensor {
    guard labels.shape == logits.shape else {
        fatalError("binary cross-entropy needs labels shaped like the predictions: got labels \(labels.shape) and predictions \(logits.shape)")
    }
    let width = logits.shape.last ?? 1
    let rows = width == 0 ? 0 : logits.count / width
    var total = 0.0
    labels.scalars.withUnsafeBufferPointer { y in
        logits.scalars.withUnsafeBufferPointer { z in
            for row in 0..<rows {
                var rowLoss: Float = 0
                for j in row * width..<(row + 1) * width {
                    rowLoss += Swift.max(z[j], 0) - z[j] * y[j] + Foundation.log1p(Foundation.exp(-Swift.abs(z[j])))
                }
                total += Double(rowLoss / Float(width))
            }
        }
    }
    let loss = Tensor(Float(total / Double(Swift.max(rows, 1))))
    return Tensor.recorded(loss, inputs: [logits]) { g in
        let scale = g.scalar / Float(Swift.max(logits.count, 1))
        return [Tensor(shape: logits.shape) { out, count in
            labels.scalars.withUnsafeBufferPointer { y in
                logits.scalars.withUnsafeBufferPointer { z in
                    for i in 0..<count { out[i] = (1 / (1 + Foundation.exp(-z[i])) - y[i]) * scale }
                }
            }
        }]
    }
}
