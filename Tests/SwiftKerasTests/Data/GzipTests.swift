import XCTest
@testable import SwiftKeras

final class GzipTests: XCTestCase {
    private let hex = DataTestSupport.bytes(hex:)
    /// Python's `gzip.compress(b"hello world\n", mtime=0)`.
    private var helloGzip: [UInt8] { hex("1f8b0800000000000203cb48cdc9c95728cf2fca49e102002d3b08af0c000000") }

    func testPythonGzipVectorDecompresses() throws {
        XCTAssertEqual(try Gzip.decompress(helloGzip), Array("hello world\n".utf8))
    }

    func testHeaderWithFileNameIsSkipped() throws {
        // gzip.GzipFile(filename="hello.txt", mtime=1234567890): FNAME flag set
        let vector = hex("1f8b0808d202964902ff68656c6c6f2e74787400cb48cdc9c95728cf2fca49e102002d3b08af0c000000")
        XCTAssertEqual(try Gzip.decompress(vector), Array("hello world\n".utf8))
    }

    func testConcatenatedMembersDecompressToConcatenation() throws {
        let joined = helloGzip + Gzip.compress(Array("second\n".utf8)) + [0, 0, 0]
        XCTAssertEqual(try Gzip.decompress(joined), Array("hello world\nsecond\n".utf8))
    }

    func testCompressRoundTripsAtEveryLevel() throws {
        let data = (0..<20_000).map { UInt8(truncatingIfNeeded: ($0 / 3) ^ ($0 % 17)) }
        for level in [0, 1, 6, 9] {
            XCTAssertEqual(try Gzip.decompress(Gzip.compress(data, level: level)), data, "level \(level)")
        }
    }

    func testWrongCRCThrowsNamingFileAndOffset() {
        var vector = helloGzip
        vector[vector.count - 8] ^= 0xFF
        assertThrowsSwiftKerasError(try Gzip.decompress(vector, name: "hello.gz"), kind: .fileFormat,
                                    containing: ["hello.gz", "at byte \(vector.count - 8)", "CRC-32 mismatch"])
    }

    func testWrongLengthThrows() {
        var vector = helloGzip
        vector[vector.count - 4] = 13
        assertThrowsSwiftKerasError(try Gzip.decompress(vector, name: "hello.gz"), containing: ["length mismatch", "13", "12"])
    }

    func testTruncatedFileThrowsAtEveryCut() {
        for cut in 0..<helloGzip.count {
            XCTAssertThrowsError(try Gzip.decompress(Array(helloGzip[0..<cut]), name: "cut.gz"), "cut at \(cut)") { error in
                XCTAssertTrue("\(error)".contains("cut.gz"), "\(error)")
            }
        }
    }

    func testMissingTrailerIsReportedAsTruncation() {
        assertThrowsSwiftKerasError(try Gzip.decompress(Array(helloGzip.dropLast(8)), name: "t.gz"),
                                    containing: ["t.gz", "truncated", "trailer"])
    }

    func testWrongMagicThrows() {
        assertThrowsSwiftKerasError(try Gzip.decompress(Array("not gzip at all".utf8), name: "x.gz"),
                                    containing: ["x.gz", "not a gzip file"])
    }

    func testTrailingGarbageThrows() {
        assertThrowsSwiftKerasError(try Gzip.decompress(helloGzip + [0x42], name: "g.gz"),
                                    containing: ["g.gz", "after the gzip trailer"])
    }
}
