/// The loss and metrics of one epoch (or one evaluation) so far, as Keras's compiled metrics track them: the
/// loss and the enum metrics as means over the samples seen, a metric object's value as its stateful result over
/// every batch seen (not a mean of batch values). Creating one resets the metric objects, as Keras's
/// `reset_metrics()` at the start of each epoch and each evaluation.
struct MetricAccumulator {
    let metrics: [Metric]
    private var lossSum = 0.0
    private var sums: [Double]
    private var seen = 0

    init(_ metrics: [Metric]) {
        self.metrics = metrics
        sums = [Double](repeating: 0, count: metrics.count)
        for metric in metrics { metric.stateful?.resetState() }
    }

    /// Adds one batch: its summed loss and its predictions against `labels`.
    mutating func add(_ batch: BatchResult, labels: Tensor) throws {
        lossSum += batch.loss
        for (index, metric) in metrics.enumerated() {
            if let object = metric.stateful {
                try object.updateState(labels, batch.prediction, sampleWeight: nil)
            } else {
                sums[index] += metric.batchSum(labels, batch.prediction)
            }
        }
        seen += batch.prediction.shape.first ?? 0
    }

    /// Keras's log dictionary: `loss` and each metric under its name.
    var logs: [String: Float] {
        let count = Double(Swift.max(seen, 1))
        var logs = ["loss": Float(lossSum / count)]
        for (metric, sum) in zip(metrics, sums) {
            logs[metric.name] = metric.stateful?.result() ?? Float(sum / count)
        }
        return logs
    }
}
