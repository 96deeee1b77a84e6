import SIMDKernels

/// Adagrad (Keras's form): acc ← acc + g², w ← w - lr·g / √(acc + ε).
public final class Adagrad: SlotOptimizer {
    /// The starting value of the accumulator.
    public let initialAccumulatorValue: Float
    /// Added inside the square root (Keras: 1e-7).
    public let epsilon: Float

    /// Creates an Adagrad optimizer with Keras's defaults (gradient clipping: see `GradientClipping`).
    public init(learningRate: Float = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    /// Creates an Adagrad optimizer whose learning rate follows a schedule.
    public convenience init(learningRate schedule: any LearningRateSchedule, initialAccumulatorValue: Float = 0.1,
                            epsilon: Float = 1e-7, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.init(learningRate: 0, initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
        learningRateSchedule = schedule
    }

    /// Keras's class name.
    public override var className: String { "Adagrad" }
    /// The names of a variable's slots, in Keras's order.
    public override var slotNames: [String] { ["accumulator"] }
    /// The initial value of a slot.
    public override func initialValue(ofSlot index: Int) -> Float { initialAccumulatorValue }
    /// Keras's argument names and values.
    public override var arguments: [String: JSONValue] {
        ["initial_accumulator_value": .number(Double(initialAccumulatorValue)), "epsilon": .number(Double(epsilon))]
    }

    /// Keras's ranges: a finite initial accumulator >= 0 and a finite ε > 0 (so that √(acc + ε) > 0).
    public override var argumentProblem: String? {
        if !(initialAccumulatorValue >= 0 && initialAccumulatorValue.isFinite) {
            return "Adagrad needs a finite initialAccumulatorValue >= 0, got \(initialAccumulatorValue)"
        }
        if !(epsilon > 0 && epsilon.isFinite) { return "Adagrad needs a finite epsilon > 0, got \(epsilon)" }
        return nil
    }

    /// One update of `count` weights in place from their gradients and slots (Keras's update rule).
    public override func update(weights: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>,
                                slots: [UnsafeMutablePointer<Float>], count: Int, step: Int) {
        adagradUpdate(weights: weights, gradients: gradients, accumulator: slots[0], count: count,
                      learningRate: learningRate, epsilon: epsilon)
    }
}
