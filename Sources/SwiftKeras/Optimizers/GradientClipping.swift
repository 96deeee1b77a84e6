import Foundation

/// Keras's gradient clipping, which every optimizer applies to the gradients before its update
/// (`_clip_gradients` in Keras 3's base optimizer). At most one of the three may be set:
///
/// - `clipnorm` c, per variable: g ← g·c / max(‖g‖₂, c).
/// - `globalClipnorm` c, over all variables together: n = √(Σ ‖gᵢ‖₂²), every g ← g·c·min(1/n, 1/c)
///   (a non-finite n makes every gradient NaN, as in Keras, rather than a silently wrong step).
/// - `clipvalue` v, per element: g ← min(max(g, -v), v).
///
/// A value of 0 turns clipping off, as Keras's `if self.clipnorm and self.clipnorm > 0` does.
public struct GradientClipping: Equatable {
    /// Clips each variable's gradient to this L2 norm.
    public let clipnorm: Float?
    /// Clips each gradient element to `[-clipvalue, clipvalue]`.
    public let clipvalue: Float?
    /// Scales all gradients together so that their joint L2 norm is at most this.
    public let globalClipnorm: Float?

    /// Creates the clipping settings (Keras's `clipnorm`, `clipvalue`, `global_clipnorm`).
    public init(clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
    }

    /// What is wrong, if anything: Keras allows only one of the three, and each must be a finite number >= 0.
    public var problem: String? {
        let set = [("clipnorm", clipnorm), ("clipvalue", clipvalue), ("globalClipnorm", globalClipnorm)]
            .compactMap { name, value in value.map { (name, $0) } }
        if set.count > 1 {
            return "only one of clipnorm, clipvalue and globalClipnorm can be set, got "
                + set.map { "\($0.0) = \($0.1)" }.joined(separator: ", ")
        }
        if let (name, value) = set.first, !(value >= 0 && value.isFinite) {
            return "needs a finite \(name) >= 0, got \(value)"
        }
        return nil
    }

    /// The clipping Keras applies when several are (wrongly) set: clipnorm, then globalClipnorm, then clipvalue.
    private var activeClipnorm: Float? { clipnorm.flatMap { $0 > 0 ? $0 : nil } }
    private var activeGlobalClipnorm: Float? { activeClipnorm == nil ? globalClipnorm.flatMap { $0 > 0 ? $0 : nil } : nil }
    private var activeClipvalue: Float? {
        activeClipnorm == nil && activeGlobalClipnorm == nil ? clipvalue.flatMap { $0 > 0 ? $0 : nil } : nil
    }

    /// Whether any gradient is changed.
    var isActive: Bool { clipsNorms || activeClipvalue != nil }
    /// Whether the gradients' norms are needed (`normScales`).
    var clipsNorms: Bool { activeClipnorm != nil || activeGlobalClipnorm != nil }

    /// The factor each gradient is multiplied by, from each gradient's sum of squares.
    func normScales(sumsOfSquares: [Float]) -> [Float] {
        if let c = activeClipnorm {
            return sumsOfSquares.map { sum in
                let norm = sum > 0 ? sum.squareRoot() : sum   // Keras's NaN-safe norm: 0 stays 0, NaN stays NaN
                return norm.isNaN ? .nan : c / Swift.max(norm, c)
            }
        }
        guard let c = activeGlobalClipnorm else { return sumsOfSquares.map { _ in 1 } }
        let norm = sumsOfSquares.reduce(0, +).squareRoot()
        let scale = c * Swift.min(1 / norm, 1 / c) + (norm - norm)
        return sumsOfSquares.map { _ in scale }
    }

    /// A clipped copy of `count` gradient values: multiplied by `scale` (norm clipping), then clamped
    /// (value clipping).
    func clipped(_ gradient: UnsafePointer<Float>, count: Int, scale: Float) -> [Float] {
        let values = UnsafeBufferPointer(start: gradient, count: count)
        guard let v = activeClipvalue else { return values.map { $0 * scale } }
        return values.map { Swift.min(Swift.max($0, -v), v) }
    }

    /// Keras's config entries (`null` when unset).
    var config: [String: JSONValue] {
        func entry(_ value: Float?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return ["clipnorm": entry(clipnorm), "clipvalue": entry(clipvalue), "global_clipnorm": entry(globalClipnorm)]
    }

    /// Reads Keras's `clipnorm`, `clipvalue` and `global_clipnorm` (absent or null: unset).
    init(_ config: ConfigReader) throws {
        self.init(clipnorm: try config.optionalMember("clipnorm")?.float(),
                  clipvalue: try config.optionalMember("clipvalue")?.float(),
                  globalClipnorm: try config.optionalMember("global_clipnorm")?.float())
    }
}

/// Σ g² over `count` values, accumulated in double precision.
func sumOfSquares(_ values: UnsafePointer<Float>, count: Int) -> Float {
    var sum = 0.0
    for index in 0..<count { sum += Double(values[index]) * Double(values[index]) }
    return Float(sum)
}
