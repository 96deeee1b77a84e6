import XCTest
@testable import SwiftKeras

final class TarArchiveTests: XCTestCase {
    func testRegularFilesAreFoundByName() throws {
        let archive = try TarArchive(TarTestFiles.archive([("a/one.txt", Array("hello".utf8)), ("a/two.bin", [UInt8](repeating: 7, count: 600))]),
                                     name: "t.tar")
        XCTAssertEqual(archive.entries.map(\.name), ["a/one.txt", "a/two.bin"])
        XCTAssertEqual(archive.data(endingWith: "one.txt").map(Array.init), Array("hello".utf8))
        XCTAssertEqual(archive.data(endingWith: "two.bin")?.count, 600)
        XCTAssertNil(archive.data(endingWith: "ne.txt"), "a suffix matches whole path components only")
    }

    func testPathTraversalIsRejected() {
        for name in ["../evil.bin", "/etc/passwd", "a/../../b"] {
            assertThrowsSwiftKerasError(try TarArchive(TarTestFiles.archive([(name, [1])]), name: "t.tar"), kind: .fileFormat,
                                        containing: ["t.tar", name, "path traversal"])
        }
    }

    func testSizesPastTheEndOrNotOctalAreRejected() {
        let long = TarTestFiles.archive([("a.bin", [UInt8](repeating: 1, count: 100))], sizeField: { _ in String(format: "%011o\0", 5000) })
        assertThrowsSwiftKerasError(try TarArchive(long, name: "t.tar"), kind: .fileFormat, containing: ["t.tar", "5000 bytes", "truncated"])
        let garbage = TarTestFiles.archive([("a.bin", [1])], sizeField: { _ in "12x4\0" })
        assertThrowsSwiftKerasError(try TarArchive(garbage, name: "t.tar"), kind: .fileFormat, containing: ["size", "not an octal number"])
    }

    func testHeaderChecksumIsChecked() {
        var bytes = TarTestFiles.archive([("a.bin", [1, 2, 3])])
        bytes[0] = UInt8(ascii: "b")
        assertThrowsSwiftKerasError(try TarArchive(bytes, name: "t.tar"), kind: .fileFormat, containing: ["t.tar", "checksum"])
    }
}
