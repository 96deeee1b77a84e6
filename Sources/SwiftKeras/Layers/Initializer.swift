import Foundation

/// How a layer fills a new weight tensor, with Keras's definitions and defaults.
///
/// Fans follow Keras (`fans(_:)`): for a kernel `[fanIn, fanOut]`; for a vector both fans are its length; for a
/// convolution kernel `[kh, kw, in, out]` they are kh·kw·in and kh·kw·out.
public enum Initializer: Equatable, Sendable {
    /// Uniform in ±√(6 / (fanIn + fanOut)) (Keras's default for kernels).
    case glorotUniform
    /// Truncated normal with σ = √(2 / (fanIn + fanOut)) / 0.8796 (so the truncated variance is right).
    case glorotNormal
    /// Truncated normal with σ = √(2 / fanIn) / 0.8796.
    case heNormal
    /// Uniform in ±√(6 / fanIn).
    case heUniform
    /// All zeros (Keras's default for biases).
    case zeros
    /// All ones.
    case ones
    /// Normal with the given mean and standard deviation.
    case randomNormal(mean: Float = 0, stddev: Float = 0.05)
    /// Uniform in `[min, max)`.
    case randomUniform(min: Float = -0.05, max: Float = 0.05)
    /// Normal with the given mean and standard deviation, redrawn beyond two standard deviations.
    case truncatedNormal(mean: Float = 0, stddev: Float = 0.05)

    /// A new tensor of `shape` drawn with `generator`.
    public func callAsFunction(shape: [Int], generator: inout SeededGenerator) -> Tensor {
        let count = shape.reduce(1, *)
        let (fanIn, fanOut) = Initializer.fans(shape)
        // 0.8796... is the standard deviation of a unit normal truncated to ±2.
        let truncationCorrection: Float = 0.879_625_661_034_239_78
        var values = [Float](repeating: 0, count: count)
        func uniform(_ low: Float, _ high: Float) {
            for i in 0..<count { values[i] = low + (high - low) * generator.nextUniform() }
        }
        func truncated(_ mean: Float, _ stddev: Float) {
            for i in 0..<count {
                var z = generator.nextNormal()
                while Swift.abs(z) > 2 { z = generator.nextNormal() }
                values[i] = mean + stddev * z
            }
        }
        switch self {
        case .glorotUniform:
            let limit = Foundation.sqrt(6 / Swift.max(fanIn + fanOut, 1))
            uniform(-limit, limit)
        case .glorotNormal:
            truncated(0, Foundation.sqrt(2 / Swift.max(fanIn + fanOut, 1)) / truncationCorrection)
        case .heNormal:
            truncated(0, Foundation.sqrt(2 / Swift.max(fanIn, 1)) / truncationCorrection)
        case .heUniform:
            let limit = Foundation.sqrt(6 / Swift.max(fanIn, 1))
            uniform(-limit, limit)
        case .zeros:
            break
        case .ones:
            values = [Float](repeating: 1, count: count)
        case .randomNormal(let mean, let stddev):
            for i in 0..<count { values[i] = mean + stddev * generator.nextNormal() }
        case .randomUniform(let low, let high):
            uniform(low, high)
        case .truncatedNormal(let mean, let stddev):
            truncated(mean, stddev)
        }
        return Tensor(shape: shape, scalars: values)
    }

    /// Throws when a parameter would make NaN or infinite weights: a non-finite mean or bound, a negative or
    /// non-finite standard deviation, or `min > max`. `owner` names the layer argument in the message.
    func validate(_ owner: String) throws {
        func fail(_ problem: String) -> SwiftKerasError { .invalidArgument("\(owner) \(self): \(problem)") }
        switch self {
        case .randomNormal(let mean, let stddev), .truncatedNormal(let mean, let stddev):
            guard mean.isFinite else { throw fail("mean must be finite, got \(mean)") }
            guard stddev.isFinite, stddev >= 0 else { throw fail("stddev must be finite and >= 0, got \(stddev)") }
        case .randomUniform(let low, let high):
            guard low.isFinite, high.isFinite else { throw fail("min and max must be finite, got \(low) and \(high)") }
            guard low <= high else { throw fail("min \(low) must not exceed max \(high)") }
            guard (high - low).isFinite else { throw fail("max - min overflows Float, got \(low) and \(high)") }
        default:
            break
        }
    }

    /// Fan-in and fan-out as Keras's `compute_fans` gives them: a vector's length for both; `[fanIn, fanOut]` for a
    /// matrix; for a convolution kernel `[..., inChannels, outChannels]` the receptive field size (the product of
    /// the leading axes) times the input and the output channels.
    static func fans(_ shape: [Int]) -> (fanIn: Float, fanOut: Float) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (Float(shape[0]), Float(shape[0]))
        default:
            let receptiveField = shape.dropLast(2).reduce(1, *)
            return (Float(shape[shape.count - 2] * receptiveField), Float(shape[shape.count - 1] * receptiveField))
        }
    }

    /// Keras's serialized form: `{"class_name": "GlorotUniform", "config": {...}}`.
    public var config: JSONValue {
        func entry(_ name: String, _ config: [String: JSONValue] = [:]) -> JSONValue {
            .object(["class_name": .string(name), "config": .object(config.merging(["seed": .null]) { a, _ in a })])
        }
        switch self {
        case .glorotUniform: return entry("GlorotUniform")
        case .glorotNormal: return entry("GlorotNormal")
        case .heNormal: return entry("HeNormal")
        case .heUniform: return entry("HeUniform")
        case .zeros: return .object(["class_name": .string("Zeros"), "config": .object([:])])
        case .ones: return .object(["class_name": .string("Ones"), "config": .object([:])])
        case .randomNormal(let mean, let stddev):
            return entry("RandomNormal", ["mean": .number(Double(mean)), "stddev": .number(Double(stddev))])
        case .randomUniform(let low, let high):
            return entry("RandomUniform", ["minval": .number(Double(low)), "maxval": .number(Double(high))])
        case .truncatedNormal(let mean, let stddev):
            return entry("TruncatedNormal", ["mean": .number(Double(mean)), "stddev": .number(Double(stddev))])
        }
    }

    /// Reads Keras's serialized form back; nil when the class name is unknown.
    public init?(config: JSONValue) {
        guard let name = config["class_name"]?.stringValue else { return nil }
        let arguments = config["config"]
        func number(_ key: String, _ fallback: Float) -> Float {
            arguments?[key]?.doubleValue.map { Float($0) } ?? fallback
        }
        switch name {
        case "GlorotUniform": self = .glorotUniform
        case "GlorotNormal": self = .glorotNormal
        case "HeNormal": self = .heNormal
        case "HeUniform": self = .heUniform
        case "Zeros": self = .zeros
        case "Ones": self = .ones
        case "RandomNormal": self = .randomNormal(mean: number("mean", 0), stddev: number("stddev", 0.05))
        case "RandomUniform": self = .randomUniform(min: number("minval", -0.05), max: number("maxval", 0.05))
        case "TruncatedNormal": self = .truncatedNormal(mean: number("mean", 0), stddev: number("stddev", 0.05))
        default: return nil
        }
    }
}
