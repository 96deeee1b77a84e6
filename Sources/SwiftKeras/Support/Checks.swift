/// A `precondition` whose message survives optimized builds: `-O` drops `precondition`'s message, so a trap in a
/// user's tensor arithmetic would say nothing about the shapes; `fatalError` keeps it.
@inline(__always)
func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
             file: StaticString = #fileID, line: UInt = #line) {
    if !condition() { fatalError(message(), file: file, line: line) }
}

/// Traps with `message` in every build configuration (`preconditionFailure` drops it under `-O`).
func requirementFailure(_ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError(message(), file: file, line: line)
}

/// `a / b` rounded up without overflow (`(a + b - 1) / b` overflows for `b` near `Int.max`).
func ceilDivide(_ a: Int, _ b: Int) -> Int { a / b + (a % b == 0 ? 0 : 1) }
