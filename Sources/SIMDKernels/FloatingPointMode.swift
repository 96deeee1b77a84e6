// Denormal numbers. An optimizer's moments decay geometrically wherever a weight's gradient is zero (the
// background pixels of MNIST), and after a few hundred steps they fall below 1.2e-38, where x86 arithmetic on
// them is many times slower. TensorFlow's CPU threads run with the MXCSR flags FTZ (results flushed to zero)
// and DAZ (denormal inputs read as zero); training runs the same way here, and the worker threads take the
// caller's mode with every job, so results never depend on the thread count.
#if arch(x86_64) && canImport(Glibc)
import Glibc
#endif

/// Runs `body` with denormal floats flushed to zero (x86 MXCSR FTZ and DAZ, as TensorFlow's CPU threads),
/// restoring the caller's mode afterwards. Elsewhere it just runs `body`.
@inline(__always)
public func withDenormalsFlushedToZero<Result>(_ body: () throws -> Result) rethrows -> Result {
    let saved = currentFloatingPointMode()
    setFloatingPointMode(saved | flushDenormalsBits)
    defer { setFloatingPointMode(saved) }
    return try body()
}

/// MXCSR bits 15 (flush to zero) and 6 (denormals are zero).
let flushDenormalsBits: UInt32 = 0x8040

/// The calling thread's floating-point control word (MXCSR on x86-64, 0 elsewhere).
@inline(__always)
func currentFloatingPointMode() -> UInt32 {
    #if arch(x86_64) && canImport(Glibc)
    var environment = fenv_t()
    fegetenv(&environment)
    return environment.__mxcsr
    #else
    return 0
    #endif
}

/// Sets the calling thread's floating-point control word, as read by `currentFloatingPointMode`.
@inline(__always)
func setFloatingPointMode(_ mode: UInt32) {
    #if arch(x86_64) && canImport(Glibc)
    var environment = fenv_t()
    fegetenv(&environment)
    guard environment.__mxcsr != mode else { return }
    environment.__mxcsr = mode
    fesetenv(&environment)
    #endif
}
