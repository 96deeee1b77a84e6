import Foundation

/// The softmax activation as a layer, over `axis` (the last by default), like `keras.layers.Softmax`.
public final class Softmax: Layer {
    /// The axis the probabilities sum to 1 over; negative values count from the end.
    public let axis: Int
    /// The layer's name (`softmax`, ...).
    public var name: String
    /// The per-sample input shape the layer was built for.
    public private(set) var inputShape: [Int]?

    /// Creates a softmax layer.
    ///
    /// - Parameters:
    ///   - axis: the axis of the probabilities, -1 (the last) by default.
    ///   - name: the layer name; automatic when nil.
    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        self.name = name ?? LayerNames.unique("softmax")
    }

    /// Rebuilds a layer from its saved config (`axis`, `name`).
    public convenience init(config: [String: JSONValue]) throws {
        self.init(axis: try config.int("axis", in: -64...64, default: -1), name: try config.string("name"))
    }

    /// Checks that the axis exists (the batch axis is not allowed).
    public func build(inputShape: [Int]) throws {
        let rank = inputShape.count + 1
        guard (-rank..<rank).contains(axis), axis != 0, axis != -rank else {
            throw SwiftKerasError.invalidArgument("\(name) (Softmax) has axis \(axis), but samples of shape \(inputShape) have axes 1...\(rank - 1) (or -1...-\(rank - 1))")
        }
        self.inputShape = inputShape
    }

    /// softmax over `axis`; over the last axis its output keeps the logits, so a following cross-entropy is fused.
    public func callAsFunction(_ input: Tensor, training: Bool) -> Tensor {
        softmax(input, axis: axis)
    }

    /// No weights.
    public func plannedWeightCount(inputShape: [Int]) -> Int? { 0 }

    /// Keras's `Softmax.get_config()`.
    public var config: [String: JSONValue] { baseConfig(["axis": .number(Double(axis))]) }
}

/// Softmax over any axis: y = e^{x - max} / Σ e^{x - max} along `axis`. Backward: dx = y ⊙ (dy - Σ(dy ⊙ y)).
func softmaxAlongAxis(_ x: Tensor, axis: Int) -> Tensor {
    let length = x.shape[axis]
    let inner = x.shape[(axis + 1)...].reduce(1, *), outer = x.shape[..<axis].reduce(1, *)
    /// Calls `body(offset)` for the first element of every line along the axis.
    func forEachLine(_ body: (Int) -> Void) {
        for o in 0..<outer { for i in 0..<inner { body(o * length * inner + i) } }
    }
    let y = Tensor(shape: x.shape) { out, _ in
        x.scalars.withUnsafeBufferPointer { px in
            forEachLine { start in
                var largest = -Float.infinity
                for j in 0..<length { largest = Swift.max(largest, px[start + j * inner]) }
                var total: Float = 0
                for j in 0..<length {
                    let e = Foundation.exp(px[start + j * inner] - largest)
                    out[start + j * inner] = e
                    total += e
                }
                for j in 0..<length { out[start + j * inner] /= total }
            }
        }
    }
    return Tensor.recorded(y, inputs: [x]) { g in
        [Tensor(shape: x.shape) { out, _ in
            y.scalars.withUnsafeBufferPointer { py in
                g.scalars.withUnsafeBufferPointer { pg in
                    forEachLine { start in
                        var dot: Float = 0
                        for j in 0..<length { dot += py[start + j * inner] * pg[start + j * inner] }
                        for j in 0..<length { out[start + j * inner] = py[start + j * inner] * (pg[start + j * inner] - dot) }
                    }
                }
            }
        }]
    }
}
