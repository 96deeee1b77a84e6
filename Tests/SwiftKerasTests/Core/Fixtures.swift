import Foundation
import XCTest
@testable import SwiftKeras

/// Reads the Keras reference fixtures in `../shared/fixtures/keras` (beside the repository).
enum Fixtures {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared folder: `$SWIFTKERAS_SHARED`, else `../shared` beside the repository.
    static var sharedFolder: URL {
        if let path = ProcessInfo.processInfo.environment["SWIFTKERAS_SHARED"] { return URL(fileURLWithPath: path) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }

    /// The parsed JSON of fixture `name` (e.g. "losses"); when the fixtures are absent, a skip (a failure under CI=true).
    static func load(_ name: String) throws -> [String: Any] {
        let url = sharedFolder.appendingPathComponent("fixtures/keras/\(name).json")
        guard let data = try? Data(contentsOf: url) else {
            try skipOrFailInCI("Keras fixtures not found at \(url.path); set SWIFTKERAS_SHARED to the shared folder")
        }
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A tensor stored as `{"shape": [...], "values": [...]}`.
    static func tensor(_ object: Any?) -> Tensor {
        let dictionary = object as! [String: Any]
        let shape = (dictionary["shape"] as! [NSNumber]).map(\.intValue)
        let values = (dictionary["values"] as! [NSNumber]).map(\.floatValue)
        return Tensor(shape: shape, scalars: values)
    }

    static func tensors(_ object: Any?) -> [Tensor] { (object as! [Any]).map(tensor) }
}

/// Asserts that two tensors have the same shape and values within `relative` (relative to the expected
/// magnitude) or `absolute` tolerance.
func assertClose(_ actual: Tensor, _ expected: Tensor, relative: Float = 1e-5, absolute: Float = 1e-6,
                 _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "shape \(message())", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    var worst: (index: Int, actual: Float, expected: Float)?
    for (index, (a, e)) in zip(actual.scalars, expected.scalars).enumerated() {
        if !(Swift.abs(a - e) <= Swift.max(absolute, relative * Swift.abs(e))) {
            worst = (index, a, e)
            break
        }
    }
    if let worst {
        XCTFail("\(message()): value \(worst.index) is \(worst.actual), Keras has \(worst.expected)", file: file, line: line)
    }
}

/// Asserts that a scalar is within `relative` of Keras's value (or `absolute` near zero).
func assertClose(_ actual: Float, _ expected: Float, relative: Float = 1e-5, absolute: Float = 1e-6,
                 _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThanOrEqual(Swift.abs(actual - expected), Swift.max(absolute, relative * Swift.abs(expected)),
                             "\(message()): got \(actual), Keras has \(expected)", file: file, line: line)
}

/// The fixtures' two-layer model: Input(nIn) -> Dense(nHidden, relu) -> Dense(nOut, lastActivation).
func twoLayerModel(weights: [Tensor], lastActivation: Activation) throws -> Sequential {
    clearSession()
    let model = Sequential([
        Input(shape: [weights[0].shape[0]]),
        Dense(weights[0].shape[1], activation: .relu),
        Dense(weights[2].shape[1], activation: lastActivation),
    ])
    try model.setWeights(weights)
    return model
}
