import XCTest
@testable import SwiftKeras

final class InflateTests: XCTestCase {
    private let hex = DataTestSupport.bytes(hex:)

    func testStoredBlockIsCopiedVerbatim() throws {
        // final stored block, LEN 5, NLEN ~5, "hello"
        let stream: [UInt8] = [0x01, 0x05, 0x00, 0xFA, 0xFF] + Array("hello".utf8)
        XCTAssertEqual(try Inflate.decompress(stream), Array("hello".utf8))
    }

    func testFixedHuffmanBlockFromZlibDecodes() throws {
        // zlib raw deflate, Z_FIXED strategy, of "hello hello hello hello" (literals and a back-reference)
        XCTAssertEqual(try Inflate.decompress(hex("cb48cdc9c957c8402701")), Array("hello hello hello hello".utf8))
    }

    func testDynamicHuffmanBlockFromZlibDecodes() throws {
        let text = "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity."
        let stream = hex("75cbdb0980300c46e1553280b88763f4f2d7066a234da4b8bdf44984fafc9db31975a76419e4a14692c8f8802ec4af74697fe4760ce8ac518e992491c29a2bf43be2949047e05118696e5c4343bc0adbbd3e")
        XCTAssertEqual(stream[0] & 0b111, 0b101, "the vector must be a final dynamic-Huffman block")
        XCTAssertEqual(try Inflate.decompress(stream), Array(text.utf8))
    }

    func testStoredBlocksRoundTripAcrossTheirSizeLimit() throws {
        let data = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        let stream = Deflate.compress(data, level: 0)
        XCTAssertEqual(stream.count, data.count + 3 * 5, "three stored blocks of at most 65535 bytes")
        XCTAssertEqual(try Inflate.decompress(stream), data)
    }

    func testFixedHuffmanRoundTripWithRunsAndLongMatches() throws {
        var data = [UInt8](repeating: 0x41, count: 1000)                      // distance-1 run
        data += (0..<3000).map { UInt8(truncatingIfNeeded: $0 % 251) }        // period-251 repeats
        data += Array("abcabcabcabcXYZ".utf8) + (0..<500).map { UInt8(truncatingIfNeeded: ($0 * $0) >> 3) }
        let stream = Deflate.compress(data, level: 9)
        XCTAssertLessThan(stream.count, data.count / 2, "matches must have been found")
        XCTAssertEqual(try Inflate.decompress(stream, expectedSize: data.count), data)
    }

    func testEmptyInputRoundTrips() throws {
        XCTAssertEqual(try Inflate.decompress(Deflate.compress([])), [])
        XCTAssertEqual(try Inflate.decompress(hex("0300")), [], "zlib's empty fixed block")
    }

    func testReservedBlockTypeThrows() {
        assertThrowsSwiftKerasError(try Inflate.decompress([0x07, 0x00]), kind: .fileFormat, containing: ["block type 3"])
    }

    func testStoredLengthComplementMismatchThrows() {
        let stream: [UInt8] = [0x01, 0x05, 0x00, 0xFA, 0xFE] + Array("hello".utf8)
        assertThrowsSwiftKerasError(try Inflate.decompress(stream, name: "s.bin"), containing: ["s.bin", "complement"])
    }

    func testDistanceBeforeStartOfOutputThrows() {
        // fixed block: length symbol 257 (code 0000001), distance code 0 (distance 1) with no output yet
        var writer = BitWriter()
        writer.write(0b011, bits: 3)
        writer.writeLength(3)
        writer.writeDistance(1)
        writer.writeSymbol(256)
        assertThrowsSwiftKerasError(try Inflate.decompress(writer.finish()), containing: ["distance 1", "before the start"])
    }

    func testTruncatedStreamThrowsAtEveryCut() {
        let stream = Deflate.compress(Array(String(repeating: "truncate me, please. ", count: 20).utf8))
        for cut in 0..<stream.count {
            XCTAssertThrowsError(try Inflate.decompress(Array(stream[0..<cut])), "cut at \(cut)")
        }
    }

    func testOutputLongerThanExpectedSizeThrows() {
        let stream = Deflate.compress([UInt8](repeating: 1, count: 1000))
        assertThrowsSwiftKerasError(try Inflate.decompress(stream, expectedSize: 999), containing: ["999"])
        assertThrowsSwiftKerasError(try Inflate.decompress(stream, expectedSize: 1001), containing: ["1000", "1001"])
    }

    func testOverSubscribedCodeIsReported() {
        var table = HuffmanTable(primaryBits: 7, maximumSymbols: 19)
        XCTAssertNotNil(table.build(lengths: [1, 1, 1][...], symbolEntries: HuffmanTable.codeLengthEntries))
        XCTAssertNil(table.build(lengths: [1, 2, 2][...], symbolEntries: HuffmanTable.codeLengthEntries))
    }
}
