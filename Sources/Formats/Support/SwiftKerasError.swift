import Foundation

/// The error every SwiftKeras entry point throws for a user's mistake or a bad file.
///
/// The message names what was wrong and what was expected: the shapes, the counts, the label that is out of
/// range, the file and the byte offset. `kind` lets code react without parsing the message.
public struct SwiftKerasError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The broad class of a failure.
    public enum Kind: String, Sendable, Equatable {
        /// An argument is outside its allowed range (`batchSize: 0`, `validationSplit: 1.5`).
        case invalidArgument
        /// Tensors or weights whose shapes disagree with each other or with the model.
        case shapeMismatch
        /// Training data or labels that cannot be used (NaN, labels out of range, wrong counts).
        case invalidData
        /// The model is used before it is ready (`fit` before `compile`, a model with no input shape).
        case notReady
        /// A file that is missing, truncated, corrupted or in an unexpected format.
        case fileFormat
        /// Reading or writing a file failed.
        case io
        /// A download failed or its checksum did not match.
        case download
    }

    /// The broad class of the failure.
    public let kind: Kind
    /// What was wrong and what was expected, in words.
    public let message: String

    /// Creates an error of `kind` with a message that says what was wrong and what was expected.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// `SwiftKerasError.<kind>: <message>`.
    public var description: String { "SwiftKerasError.\(kind.rawValue): \(message)" }
    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// An argument outside its allowed range.
    public static func invalidArgument(_ message: String) -> SwiftKerasError { .init(.invalidArgument, message) }
    /// Shapes that disagree.
    public static func shapeMismatch(_ message: String) -> SwiftKerasError { .init(.shapeMismatch, message) }
    /// Data that cannot be used.
    public static func invalidData(_ message: String) -> SwiftKerasError { .init(.invalidData, message) }
    /// A model used before it is ready.
    public static func notReady(_ message: String) -> SwiftKerasError { .init(.notReady, message) }
    /// A bad file: names the file, the byte offset when known, and what is wrong.
    public static func fileFormat(_ path: String, offset: Int? = nil, _ message: String) -> SwiftKerasError {
        let place = offset.map { " at byte \($0)" } ?? ""
        return .init(.fileFormat, "\(path)\(place): \(message)")
    }
    /// A failed read or write.
    public static func io(_ message: String) -> SwiftKerasError { .init(.io, message) }
    /// A failed download.
    public static func download(_ message: String) -> SwiftKerasError { .init(.download, message) }
}
