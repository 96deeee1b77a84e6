import SIMDKernels

/// Updates variables from their gradients, like a `keras.optimizers.Optimizer`.
///
/// `applyGradients` takes `(gradient, variable)` pairs, as `zip(grads, model.trainableVariables)` gives them.
/// Conform your own type to write a new optimizer; the built-in ones derive from `SlotOptimizer`.
public protocol Optimizer: AnyObject {
    /// The step size (with a schedule: the rate the next update uses).
    var learningRate: Float { get set }
    /// The schedule that drives the learning rate, if any (Keras's `learning_rate` as a `LearningRateSchedule`).
    var learningRateSchedule: (any LearningRateSchedule)? { get }
    /// How many times `applyGradients` has run (Keras's `optimizer.iterations`).
    var iterations: Int { get }
    /// Applies one update step to each variable from its gradient.
    func applyGradients<Pairs: Sequence>(_ gradientsAndVariables: Pairs) where Pairs.Element == (Tensor, Variable)
    /// The Keras class name (`Adam`) and arguments, as in Keras's `optimizer.get_config()`.
    var config: [String: JSONValue] { get }
}

extension Optimizer {
    /// No schedule: an optimizer of your own has a constant learning rate unless it says otherwise.
    public var learningRateSchedule: (any LearningRateSchedule)? { nil }
}

/// The shared machinery of the built-in optimizers: the learning rate (a constant or a schedule), gradient
/// clipping, the step counter and per-variable slot buffers (momentum, first and second moments, accumulators),
/// updated in place by the SIMD kernels.
///
/// Subclasses say how many slots a variable needs, their initial value, and the update of one variable.
open class SlotOptimizer: Optimizer {
    /// The step size. With a schedule it is the schedule's value at `iterations`, the rate the next update uses
    /// (Keras's `optimizer.learning_rate`); setting it replaces the schedule by that constant rate.
    public var learningRate: Float {
        get { learningRateSchedule.map { $0(iterations) } ?? constantLearningRate }
        set {
            constantLearningRate = newValue
            learningRateSchedule = nil
        }
    }
    /// The schedule that sets the learning rate from the step counter (`iterations`, 0 at the first update), or
    /// nil for a constant rate. The learning-rate callbacks refuse to change a scheduled rate, as Keras does.
    public var learningRateSchedule: (any LearningRateSchedule)?
    /// How many times `applyGradients` has run.
    public internal(set) var iterations: Int = 0
    /// Keras's `clipnorm`, `clipvalue` and `global_clipnorm`, applied to the gradients before every update.
    public internal(set) var gradientClipping: GradientClipping
    private var constantLearningRate: Float
    private var slotsByVariable: [ObjectIdentifier: SlotSet] = [:]

    /// Creates an optimizer with the given step size and gradient clipping (subclasses add their own arguments).
    ///
    /// - Parameters:
    ///   - learningRate: the step size.
    ///   - clipnorm: clips each gradient to this L2 norm (per variable).
    ///   - clipvalue: clips each gradient element to `[-clipvalue, clipvalue]`.
    ///   - globalClipnorm: scales all gradients together so that their joint L2 norm is at most this.
    public init(learningRate: Float, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        constantLearningRate = learningRate
        gradientClipping = GradientClipping(clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
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

    /// Keras's `{"class_name": ..., "config": {...}}` for this optimizer; a schedule is stored as Keras stores it
    /// (`{"class_name": "ExponentialDecay", "config": {...}}` under `learning_rate`).
    public var config: [String: JSONValue] {
        let rate = learningRateSchedule.map(serializedSchedule) ?? .number(Double(constantLearningRate))
        let common = gradientClipping.config.merging(["learning_rate": rate]) { a, _ in a }
        return ["class_name": .string(className), "config": .object(arguments.merging(common) { a, _ in a })]
    }

    /// Applies one update step to each variable from its gradient, in place.
    public func applyGradients<Pairs: Sequence>(_ gradientsAndVariables: Pairs) where Pairs.Element == (Tensor, Variable) {
        let pairs = Array(gradientsAndVariables)
        for (gradient, variable) in pairs {
            require(gradient.shape == variable.shape,
                    "gradient of shape \(gradient.shape) does not match variable \(variable.name) of shape \(variable.shape)")
        }
        let gradients = pairs.map(\.0.scalars)
        step(pairs.map(\.1)) { index, body in gradients[index].withUnsafeBufferPointer { body($0.baseAddress!) } }
    }

    /// One step from raw gradient buffers (each holding as many values as its variable), without copies.
    func applyGradients(pointers: [(UnsafePointer<Float>, Variable)]) {
        step(pointers.map(\.1)) { index, body in body(pointers[index].0) }
    }

    /// One update of every variable, its gradient lent by `withGradient(index) { pointer in ... }`: clipping as
    /// Keras's `_clip_gradients`, then each variable's update with the rate at the current step, then the count.
    private func step(_ variables: [Variable], withGradient: (Int, (UnsafePointer<Float>) -> Void) -> Void) {
        let counts = variables.map { $0.shape.reduce(1, *) }
        var scales: [Float]?
        if gradientClipping.clipsNorms {
            var sums = [Float](repeating: 0, count: variables.count)
            for index in variables.indices { withGradient(index) { sums[index] = sumOfSquares($0, count: counts[index]) } }
            scales = gradientClipping.normScales(sumsOfSquares: sums)
        }
        let step = iterations + 1
        withDenormalsFlushedToZero {
            for (index, variable) in variables.enumerated() {
                withGradient(index) { gradient in
                    guard gradientClipping.isActive else { return update(variable, gradient: gradient, step: step) }
                    let clipped = gradientClipping.clipped(gradient, count: counts[index], scale: scales?[index] ?? 1)
                    clipped.withUnsafeBufferPointer { update(variable, gradient: $0.baseAddress ?? gradient, step: step) }
                }
            }
        }
        iterations = step
    }

    private func update(_ variable: Variable, gradient: UnsafePointer<Float>, step: Int) {
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
            update(weights: w, gradients: gradient, slots: slots.pointers, count: count, step: step)
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

/// Checks an optimizer's arguments with Keras's ranges: a valid schedule or a finite learning rate >= 0 for any
/// optimizer, at most one gradient clipping, and the built-in optimizers' own ranges (`argumentProblem`).
func validateOptimizer(_ optimizer: any Optimizer) throws {
    if let problem = optimizer.learningRateSchedule?.argumentProblem { throw SwiftKerasError.invalidArgument(problem) }
    let rate = optimizer.learningRate
    guard rate.isFinite, rate >= 0 else {
        throw SwiftKerasError.invalidArgument("\(type(of: optimizer)) needs a finite learning rate >= 0, got \(rate)")
    }
    guard let slotOptimizer = optimizer as? SlotOptimizer else { return }
    if let problem = slotOptimizer.gradientClipping.problem {
        throw SwiftKerasError.invalidArgument("\(slotOptimizer.className): \(problem)")
    }
    if let problem = slotOptimizer.argumentProblem { throw SwiftKerasError.invalidArgument(problem) }
}
