import Foundation
import SwiftKeras

/// Runs an example's body with line-buffered output; an error it throws (a `SwiftKerasError` naming a missing
/// file or a wrong shape) is printed to standard error as `error: <message>` and the program exits with status 1,
/// instead of looking like a crash.
///
/// - Parameter body: the example's program.
public func runExample(_ body: () throws -> Void) {
    // Line-buffered output, so that progress shows up at once when piped to a file or `tee`.
    setvbuf(stdout, nil, _IOLBF, 0)
    do {
        try body()
    } catch {
        fflush(stdout)
        FileHandle.standardError.write(Data("error: \(exampleErrorMessage(error))\n".utf8))
        exit(1)
    }
}

/// The text an example prints for `error`: a `SwiftKerasError`'s message as it is, anything else as Swift
/// describes it.
public func exampleErrorMessage(_ error: any Error) -> String {
    (error as? SwiftKerasError)?.message ?? "\(error)"
}
