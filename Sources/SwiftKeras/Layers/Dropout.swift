/// Randomly sets a fraction `rate` of its inputs to zero while training, and scales the others by 1 / (1 - rate)
/// so that their expected sum is unchanged; the identity at inference. Like `keras.layers.Dropout`.
///
/// The masks come from the layer's own generator, seeded from the global random state when the layer is created,
/// so `setRandomSeed` makes training with dropout reproducible (for any thread count).
///
/// ```swift
/// Dropout(0.5)
/// ```
public final class Dropout: Layer {
    /// The fraction of the inputs dropped in training, in [0, 1).
    public let rate: Float
    /// The layer's name (`dropout`, `dropout_1`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?
    private var generator: SeededGenerator

    /// Creates a dropout layer.
    ///
    /// - Parameters:
    ///   - rate: the fraction of units dropped in training, in [0, 1) (checked when the layer is built).
    ///   - seed: the seed of the masks; drawn from the global random state when nil.
    ///   - name: the layer name; automatic when nil.
    public init(_ rate: Float, seed: UInt64? = nil, name: String? = nil) {
        self.rate = rate
        self.name = name ?? LayerNames.unique("dropout")
        generator = SeededGenerator(seed: seed ?? GlobalRandom.nextSeed())
    }

    /// Rebuilds a layer from its saved config (`rate`, `name`).
    public convenience init(config: [String: JSONValue]) throws {
        let seed = config["seed"]?.intValue.map { UInt64(clamping: $0) }
        self.init(try config.float("rate"), seed: seed, name: try config.string("name"))
    }

    /// Checks the rate; Dropout has no weights.
    public func build(inputShape: [Int]) throws {
        guard rate >= 0, rate < 1 else {
            throw SwiftKerasError.invalidArgument("\(name) (Dropout) needs a rate in [0, 1), got \(rate)")
        }
        self.inputShape = inputShape
    }

    /// In training, each value kept with probability 1 - rate and scaled by 1 / (1 - rate); otherwise the input.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return input }
        require(rate < 1, "\(name) (Dropout) needs a rate in [0, 1), got \(rate)")
        let scale = 1 / (1 - rate)
        let mask = Tensor(shape: input.shape) { out, count in
            for i in 0..<count { out[i] = generator.nextUniform() >= rate ? scale : 0 }
        }
        return input * mask
    }

    /// Keras's `Dropout.get_config()`.
    public var config: [String: JSONValue] {
        baseConfig(["rate": .number(Double(rate)), "noise_shape": .null, "seed": .null])
    }
}
