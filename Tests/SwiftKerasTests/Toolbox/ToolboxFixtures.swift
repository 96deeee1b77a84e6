import Foundation
import XCTest
@testable import SwiftKeras

/// Reads the toolbox's Keras fixtures committed in `Tests/Fixtures/keras` (written by
/// `Tests/Fixtures/toolbox_losses_metrics.py`), located from this file's path.
enum ToolboxFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/keras")

    /// The parsed JSON of `name` (e.g. "toolbox_losses").
    static func load(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// A tensor, or nil for JSON null.
    static func optionalTensor(_ object: Any?) -> Tensor? {
        object is NSNull || object == nil ? nil : Fixtures.tensor(object)
    }
}
