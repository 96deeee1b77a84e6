import Foundation

/// Runs an example's body with line-buffered output, printing a thrown error to standard error and exiting
/// with status 1.
///
/// - Parameter body: the example's program.
public func runExample(_ body: () throws -> Void) {
    // Line-buffered output, so that progress shows up at once when piped to a file or `tee`.
    setvbuf(stdout, nil, _IOLBF, 0)
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        exit(1)
    }
}
