/// The rectified linear unit as a layer, with Keras's options (`keras.layers.ReLU`):
/// `maxValue` for x ≥ maxValue, x for threshold ≤ x < maxValue, negativeSlope · (x - threshold) below.
public final class ReLU: Layer {
    /// The largest output, or nil for none.
    public let maxValue: Float?
    /// The slope below the threshold.
    public let negativeSlope: Float
    /// Where the unit starts passing its input.
    public let threshold: Float
    /// The layer's name (`re_lu`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates a ReLU layer; the defaults give max(x, 0).
    public init(maxValue: Float? = nil, negativeSlope: Float = 0, threshold: Float = 0, name: String? = nil) {
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
        self.name = name ?? LayerNames.unique("re_lu")
    }

    /// Rebuilds a layer from its saved config (`max_value`, `negative_slope`, `threshold`, `name`).
    public convenience init(config: [String: JSONValue]) throws {
        let maxValue = config["max_value"] == nil || config["max_value"] == .null ? nil : try config.float("max_value")
        self.init(maxValue: maxValue, negativeSlope: try config.float("negative_slope", default: 0),
                  threshold: try config.float("threshold", default: 0), name: try config.string("name"))
    }

    /// Checks the arguments as Keras does; no weights.
    public func build(inputShape: [Int]) throws {
        guard maxValue.map({ $0 >= 0 }) ?? true, negativeSlope >= 0, threshold.isFinite else {
            throw SwiftKerasError.invalidArgument(
                "\(name) (ReLU) needs maxValue >= 0, negativeSlope >= 0 and a finite threshold, got \(String(describing: maxValue)), \(negativeSlope), \(threshold)")
        }
        self.inputShape = inputShape
    }

    /// Keras's formula, in its order of operations: (x > threshold ? x : 0), clipped to [0, maxValue], minus
    /// negativeSlope · max(threshold - x, 0). The gradient is 1 where threshold < x ≤ maxValue, negativeSlope
    /// where x < threshold, 0 elsewhere.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        if maxValue == nil, negativeSlope == 0, threshold == 0 { return relu(input) }
        let (top, slope, low) = (maxValue ?? .infinity, negativeSlope, threshold)
        let x = input.detached
        let y = Tensor(shape: x.shape) { out, count in
            x.scalars.withUnsafeBufferPointer { px in
                for i in 0..<count {
                    let v = px[i]
                    var result = Swift.min(Swift.max(v > low ? v : 0, 0), top)
                    if slope != 0 { result -= slope * Swift.max(-v + low, 0) }
                    out[i] = result
                }
            }
        }
        return Tensor.recorded(y, inputs: [input]) { g in
            [Tensor(shape: x.shape) { out, count in
                x.scalars.withUnsafeBufferPointer { px in
                    g.scalars.withUnsafeBufferPointer { pg in
                        for i in 0..<count {
                            let v = px[i]
                            let pass: Float = v > low && v <= top ? 1 : 0
                            out[i] = pg[i] * (pass + (v < low ? slope : 0))
                        }
                    }
                }
            }]
        }
    }

    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }

    /// Keras's `ReLU.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["max_value": maxValue.map { .number(Double($0)) } ?? .null,
                    "negative_slope": .number(Double(negativeSlope)), "threshold": .number(Double(threshold))])
    }
}
