/// A mutable tensor that a model trains, like `tf.Variable`: layer weights are variables.
///
/// Reading `value` inside `GradientTape.record` watches the variable, so `gradient(of:wrt:)` can
/// differentiate with respect to it. Optimizers update `value` in place.
public final class Variable {
    /// The variable's name, e.g. `dense/kernel`.
    public var name: String
    /// Whether optimizers train this variable.
    public var trainable: Bool
    var storedValue: Tensor

    /// Creates a variable holding `value`.
    public init(_ value: Tensor, name: String = "variable", trainable: Bool = true) {
        self.storedValue = value.detached
        self.name = name
        self.trainable = trainable
    }

    /// The current value; watched by the active `GradientTape` when read inside `record`.
    public var value: Tensor {
        get { GradientTape.active?.read(self) ?? storedValue }
        set { storedValue = newValue.detached }
    }

    /// The shape of the value.
    public var shape: [Int] { storedValue.shape }

    /// Replaces the value, checking that the shape stays the same.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == storedValue.shape else {
            throw SwiftKerasError.shapeMismatch(
                "cannot assign a tensor of shape \(newValue.shape) to variable \(name) of shape \(shape)")
        }
        storedValue = newValue.detached
    }

    /// Calls `body` with the variable's values for an in-place update.
    func withMutableValues<R>(_ body: (UnsafeMutablePointer<Float>, Int) throws -> R) rethrows -> R {
        try storedValue.withUnsafeMutableBufferPointer { buffer in try body(buffer.baseAddress!, buffer.count) }
    }
}

extension Variable: CustomStringConvertible {
    /// The name and shape.
    public var description: String { "Variable(\(name), shape: \(shape))" }
}
