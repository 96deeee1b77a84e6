import SwiftKeras
import XCTest

/// Asserts that `body` throws a `SwiftKerasError` of `kind` whose message mentions every one of `words`.
func assertThrows(_ kind: SwiftKerasError.Kind, mentioning words: [String],
                  file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Void) {
    do {
        try body()
        XCTFail("expected a SwiftKerasError.\(kind)", file: file, line: line)
    } catch let error as SwiftKerasError {
        XCTAssertEqual(error.kind, kind, error.message, file: file, line: line)
        for word in words {
            XCTAssertTrue(error.message.contains(word), "'\(error.message)' does not mention '\(word)'", file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
