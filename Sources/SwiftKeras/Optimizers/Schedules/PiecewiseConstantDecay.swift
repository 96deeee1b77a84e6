/// A piecewise-constant learning rate, like `keras.optimizers.schedules.PiecewiseConstantDecay`:
///
/// lr(step) = values[0] for step ≤ boundaries[0], values[i] for boundaries[i-1] < step ≤ boundaries[i], and
/// values.last for step > boundaries.last.
public struct PiecewiseConstantDecay: LearningRateSchedule {
    /// The steps where the rate changes, strictly increasing.
    public let boundaries: [Int]
    /// The rates of the intervals: one more than `boundaries`.
    public let values: [Float]

    /// Creates the schedule with Keras's arguments.
    ///
    /// - Parameters:
    ///   - boundaries: strictly increasing steps.
    ///   - values: the rate of each interval, `boundaries.count + 1` of them.
    public init(boundaries: [Int], values: [Float]) {
        self.boundaries = boundaries
        self.values = values
    }

    /// The rate at `step`.
    public func callAsFunction(_ step: Int) -> Float {
        guard !values.isEmpty else { return .nan }   // argumentProblem reports it
        let interval = boundaries.firstIndex { step <= $0 } ?? boundaries.count
        return values[Swift.min(interval, values.count - 1)]
    }

    /// Keras's config.
    public var config: [String: JSONValue] {
        ["boundaries": .array(boundaries.map { .number(Double($0)) }), "values": .array(values.map { .number(Double($0)) }),
         "name": .string("PiecewiseConstant")]
    }

    /// Keras's check (one more value than boundaries), strictly increasing boundaries and finite rates >= 0.
    public var argumentProblem: String? {
        if values.count != boundaries.count + 1 {
            return "PiecewiseConstantDecay needs one more value than boundaries, got \(boundaries.count) boundaries and \(values.count) values"
        }
        if zip(boundaries, boundaries.dropFirst()).contains(where: { $0 >= $1 }) {
            return "PiecewiseConstantDecay needs strictly increasing boundaries, got \(boundaries)"
        }
        return values.lazy.compactMap { rateProblem("PiecewiseConstantDecay", "value", $0) }.first
    }

    /// Reads Keras's config.
    init(_ config: ConfigReader) throws {
        self.init(boundaries: try config.member("boundaries").ints(in: -(1 << 53)...(1 << 53)),
                  values: try config.member("values").elements().map { try $0.float() })
    }
}
