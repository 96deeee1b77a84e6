import XCTest
@testable import SIMDKernels

/// Deterministic pseudo-random floats for the kernel tests (SplitMix64).
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Float = -1, _ high: Float = 1) -> Float {
        low + (high - low) * Float(next() >> 40) / Float(1 << 24)
    }

    mutating func array(_ count: Int, _ low: Float = -1, _ high: Float = 1) -> [Float] {
        (0..<count).map { _ in uniform(low, high) }
    }
}

/// Sizes that exercise every code path: below one vector, between vectors, above one tile, odd sizes.
let sizeClasses = [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 65, 100]

/// Asserts that `actual` matches `expected` within `relative·max(1, |expected|)` per element.
func assertClose(_ actual: [Float], _ expected: [Double], relative: Double, _ message: @autoclosure () -> String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "count " + message(), file: file, line: line)
    for i in 0..<min(actual.count, expected.count) {
        let a = Double(actual[i]), e = expected[i]
        if e.isNaN {
            if !a.isNaN { XCTFail("[\(i)] expected NaN, got \(a) \(message())", file: file, line: line); return }
            continue
        }
        if e.isInfinite {
            if a != e { XCTFail("[\(i)] expected \(e), got \(a) \(message())", file: file, line: line); return }
            continue
        }
        if abs(a - e) > relative * max(1, abs(e)) {
            XCTFail("[\(i)] expected \(e), got \(a) \(message())", file: file, line: line)
            return
        }
    }
}

/// Asserts relative closeness element by element: |a - e| ≤ tol·|e| + tiny.
func assertRelative(_ actual: [Float], _ expected: [Double], ulps: Double, _ message: @autoclosure () -> String = "",
                    file: StaticString = #filePath, line: UInt = #line) {
    for i in 0..<expected.count {
        let a = Double(actual[i]), e = expected[i]
        if e.isNaN { if !a.isNaN { XCTFail("[\(i)] expected NaN, got \(a) \(message())", file: file, line: line); return }; continue }
        if e.isInfinite || e == 0 { if a != e { XCTFail("[\(i)] expected \(e), got \(a) \(message())", file: file, line: line); return }; continue }
        let tol = ulps * Double(Float(e).ulp) + 1e-45
        if abs(a - e) > tol {
            XCTFail("[\(i)] input index \(i): expected \(e), got \(a) (\(abs(a - e) / Double(Float(e).ulp)) ulp) \(message())",
                    file: file, line: line)
            return
        }
    }
}

/// Bitwise equality of two float arrays (NaN payloads included).
func assertBitIdentical(_ a: [Float], _ b: [Float], _ message: @autoclosure () -> String = "",
                        file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for i in 0..<min(a.count, b.count) where a[i].bitPattern != b[i].bitPattern {
        XCTFail("[\(i)] \(a[i]) != \(b[i]) \(message())", file: file, line: line)
        return
    }
}

/// Runs `body` with `KernelThreads.count` set to `threads`, restoring it afterwards.
func withThreads<T>(_ threads: Int, _ body: () throws -> T) rethrows -> T {
    let saved = KernelThreads.count
    KernelThreads.count = threads
    defer { KernelThreads.count = saved }
    return try body()
}
