/// How much `fit`, `evaluate` and `predict` print: 0 silent, 1 a progress bar, 2 one line per epoch.
public struct Verbosity: ExpressibleByIntegerLiteral, Equatable, Sendable {
    /// 0, 1 or 2.
    public let level: Int

    /// Creates a verbosity level from 0, 1 or 2.
    public init(integerLiteral value: Int) { level = value }

    /// Creates a verbosity level from 0, 1 or 2.
    public init(_ value: Int) { level = value }

    /// Nothing is printed.
    public static let silent: Verbosity = 0
    /// A progress bar, redrawn in place on a terminal.
    public static let progressBar: Verbosity = 1
    /// One line per epoch.
    public static let oneLinePerEpoch: Verbosity = 2
}
