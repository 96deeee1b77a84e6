import Foundation

extension Sequential {
    /// Records an error that a callback hit (a failed checkpoint write, a bad filepath template); `fit` throws
    /// it as soon as the hook returns, as Keras lets a callback's exception end `fit`. The first error wins.
    func reportCallbackError(_ error: any Error) {
        if callbackError == nil { callbackError = error }
    }

    /// Throws (and clears) the error a callback recorded, if any.
    func throwCallbackError() throws {
        guard let error = callbackError else { return }
        callbackError = nil
        throw error
    }
}

/// Prints a warning to standard error, as Keras's callbacks call `warnings.warn`.
func callbackWarning(_ message: String) {
    FileHandle.standardError.write(Data("Warning: \(message)\n".utf8))
}

/// The error a callback reports when it would set the rate of an optimizer whose rate follows a schedule, where
/// Keras raises "This optimizer was created with a `LearningRateSchedule` ... its learning rate is not settable".
func scheduledRateProblem(_ optimizer: any Optimizer, callback: String) -> SwiftKerasError? {
    guard let schedule = optimizer.learningRateSchedule else { return nil }
    return SwiftKerasError.invalidArgument(
        "\(callback) cannot set the learning rate: the optimizer's rate follows a \(schedule.className) schedule, so it is not settable; give the optimizer a Float learning rate to use \(callback)")
}
