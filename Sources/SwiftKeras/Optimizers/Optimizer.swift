import SIMDKernels

/// Updates variables from their gradients, like a `keras.optimizers.Optimizer`.
///
/// `applyGradients` takes `(gradient, variable)` pairs, as `zip(grads, model.trainableVariables)` gives them.
/// Conform your own type to write a new optimizer; the built-in ones derive from `SlotOptimizer`.
public protocol Optimizer: AnyObject {
    /// The step size.
    var learningRate: Float { get set }
    /// How many times `applyGradients` has run (Keras's `optimizer.iterations`).
    var iterations: Int { get }
    /// Applies one update step to each variable from its gradient.
    func applyGradients<Pairs: Sequence>(_ gradientsAndVariables: Pairs) where Pairs.Element == (Tensor, Variable)
    /// The Keras class name (`Adam`) and arguments, as in Keras's `optimizer.get_config()`.
    var config: [String: JSONValue] { get }
}

/// The shared machinery of the built-in optimizers: the step counter and per-variable slot buffers
/// (momentum, first and second moments, accumulators), updated in place by the SIMD kernels.
///
/// Subclasses say how many slots a variable needs, their initial value, and the update of one variable.
open class SlotOptimizer: Optimizer {
    /// The step size.
    public var learningRate: Float
    /// How many times `applyGradients` has run.
    public internal(set) var iterations: Int = 0
    private var slotsByVariable: [ObjectIdentifier: SlotSet] = [:]

    /// Creates an optimizer with the given step size (subclasses add their own arguments).
    public init(learningRate: Float) {
        self.learningRate = learningRate
    }

    /// The Keras class name.
    open var className: String { "Optimizer" }
    /// The names of a variable's slots, in the order `update` receives them.
    open var slotNames: [String] { [] }
    /// The initial value of slot `index`.
    open func initialValue(ofSlot index: Int) -> Float { 0 }
    /// Updates `count` weights in place from their gradients and slots; `step` counts from 1.
    open func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                     slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {}
    /// Keras's argument names and values.
    open var arguments: [String: JSONValue] { [:] }
    /// What is wrong with the optimizer's own arguments (besides the learning rate), if anything: initializers
    /// cannot throw, so `compile` records it and `fit` and `evaluate` throw it.
    open var argumentProblem: String? { nil }

    /// Keras's `{"class_name": ..., "config": {...}}` for this optimizer.
    public var config: [String: JSONValue] {
        ["class_name": .string(className),
         "config": .object(arguments.merging(["learning_rate": .number(Double(learningRate))]) { a, _ in a })]
    }

    /// Applies one update step to each variable from its gradient, in place.
    public func applyGradients<Pairs: Sequence>(_ gradientsAndVariables: Pairs) where Pairs.Element == (Tensor, Variable) {
        iterations += 1
        for (gradient, variable) in gradientsAndVariables {
            require(gradient.shape == variable.shape,
                         "gradient of shape \(gradient.shape) does not match variable \(variable.name) of shape \(variable.shape)")
            gradient.scalars.withUnsafeBufferPointer { pointer in
                withDenormalsFlushedToZero { update(variable, gradient: pointer.baseAddress!) }
            }
        }
    }

    /// One step from raw gradient buffers (each holding as many values as its variable), without copies.
    func applyGradients(pointers: [(UnsafePointer<Float>, Variable)]) {
        iterations += 1
        withDenormalsFlushedToZero {
            for (gradient, variable) in pointers { update(variable, gradient: gradient) }
        }
    }

    private func update(_ variable: Variable, gradient: UnsafePointer<Float>) {
        let key = ObjectIdentifier(variable)
        let count = variable.shape.reduce(1, *)
        let slots: SlotSet
        if let existing = slotsByVariable[key] {
            slots = existing
        } else {
            slots = SlotSet(slotNames.indices.map { SlotBuffer(repeating: initialValue(ofSlot: $0), count: count) })
            slotsByVariable[key] = slots
        }
        guard count > 0 else { return }
        variable.withMutableValues { w, count in
            update(weights: w, gradients: gradient, slots: slots.pointers, count: count, step: iterations)
        }
    }

    /// The slot values of `variable`, named by `slotNames` (empty before its first update).
    public func slots(for variable: Variable) -> [Tensor] {
        (slotsByVariable[ObjectIdentifier(variable)]?.buffers ?? []).map { Tensor(shape: variable.shape, scalars: $0.values) }
    }

    /// Restores the step counter and the slots of `variables` (for loading a saved model).
    public func restoreState(iterations: Int, slots: [[Tensor]], for variables: [Variable]) throws {
        guard slots.count == variables.count else {
            throw SwiftKerasError.shapeMismatch("optimizer state has \(slots.count) entries for \(variables.count) variables")
        }
        var restored: [ObjectIdentifier: SlotSet] = [:]
        for (values, variable) in zip(slots, variables) where !values.isEmpty {
            guard values.count == slotNames.count, values.allSatisfy({ $0.shape == variable.shape }) else {
                throw SwiftKerasError.shapeMismatch(
                    "optimizer state for \(variable.name) has shapes \(values.map(\.shape)), expected \(slotNames.count) of \(variable.shape)")
            }
            restored[ObjectIdentifier(variable)] = SlotSet(values.map { SlotBuffer($0.scalars) })
        }
        self.iterations = iterations
        slotsByVariable = restored
    }
}

/// The slots of one variable, with their pointers gathered once for the update kernels.
final class SlotSet {
    let buffers: [SlotBuffer]
    let pointers: [UnsafeMutablePointer<Float>]

    init(_ buffers: [SlotBuffer]) {
        self.buffers = buffers
        pointers = buffers.map(\.pointer)
    }
}

/// One slot of one variable (a momentum or moment buffer): memory the update kernels write in place.
final class SlotBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    init(repeating value: Float, count: Int) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(count, 1))
        pointer.initialize(repeating: value, count: count)
    }

    convenience init(_ values: [Float]) {
        self.init(repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
    }

    var values: [Float] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    deinit { pointer.deallocate() }
}

/// Checks an optimizer's arguments with Keras's ranges: a finite learning rate >= 0 for any optimizer, and the
/// built-in optimizers' own ranges (`argumentProblem`).
func validateOptimizer(_ optimizer: any Optimizer) throws {
    let rate = optimizer.learningRate
    guard rate.isFinite, rate >= 0 else {
        throw SwiftKerasError.invalidArgument("\(type(of: optimizer)) needs a finite learning rate >= 0, got \(rate)")
    }
    if let problem = (optimizer as? SlotOptimizer)?.argumentProblem { throw SwiftKerasError.invalidArgument(problem) }
}
