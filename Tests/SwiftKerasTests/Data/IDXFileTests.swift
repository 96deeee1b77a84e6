import XCTest
@testable import SwiftKeras

final class IDXFileTests: XCTestCase {
    func testUInt8ImagesRoundTripThroughSerializedBytes() throws {
        let pixels = (0..<2 * 3 * 4).map { UInt8($0 * 10) }
        let file = try IDXFile(uint8: pixels, shape: [2, 3, 4])
        let bytes = file.serialized()
        XCTAssertEqual(Array(bytes[0..<16]), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4], "MNIST image header layout")
        let parsed = try IDXFile(parsing: bytes, name: "images.idx")
        XCTAssertEqual(parsed, file)
        XCTAssertEqual(parsed.tensor().shape, [2, 3, 4])
        XCTAssertEqual(parsed.floats(), pixels.map(Float.init))
    }

    func testGzippedFileOnDiskIsDetectedAndRead() throws {
        let folder = try DataTestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let labels = try IDXFile(uint8: [3, 1, 4, 1, 5], shape: [5])
        try Data(Gzip.compress(labels.serialized())).write(to: URL(fileURLWithPath: folder + "/labels.gz"))
        try labels.write(to: folder + "/labels.idx")
        XCTAssertEqual(try IDXFile(contentsOf: folder + "/labels.gz"), labels)
        XCTAssertEqual(try IDXFile(contentsOf: folder + "/labels.idx"), labels)
    }

    func testBigEndianWideTypesConvertToFloat() throws {
        let int16 = try IDXFile(elementType: .int16, shape: [2], data: [0xFF, 0xFE, 0x01, 0x00])
        XCTAssertEqual(int16.floats(), [-2, 256])
        let int32 = try IDXFile(elementType: .int32, shape: [1], data: [0x00, 0x01, 0x00, 0x00])
        XCTAssertEqual(int32.floats(), [65536])
        let float32 = try IDXFile(elementType: .float32, shape: [1], data: [0x3F, 0xC0, 0x00, 0x00])
        XCTAssertEqual(float32.floats(), [1.5])
        let float64 = try IDXFile(elementType: .float64, shape: [1], data: [0xC0, 0x04, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(float64.floats(), [-2.5])
        XCTAssertEqual(try IDXFile(parsing: float64.serialized(), name: "f64"), float64)
    }

    func testWrongMagicThrowsNamingFile() {
        var bytes = (try! IDXFile(uint8: [1, 2], shape: [2])).serialized()
        bytes[0] = 1
        assertThrowsSwiftKerasError(try IDXFile(parsing: bytes, name: "labels.idx"), kind: .fileFormat,
                                    containing: ["labels.idx", "at byte 0", "wrong IDX magic"])
        bytes[0] = 0
        bytes[2] = 0x07
        assertThrowsSwiftKerasError(try IDXFile(parsing: bytes, name: "labels.idx"), containing: ["at byte 2", "unknown element type 0x7"])
    }

    func testHeaderSizesThatDisagreeWithByteCountThrow() {
        let bytes = (try! IDXFile(uint8: [UInt8](repeating: 0, count: 12), shape: [3, 2, 2])).serialized()
        assertThrowsSwiftKerasError(try IDXFile(parsing: Array(bytes.dropLast()), name: "short.idx"),
                                    containing: ["short.idx", "[3, 2, 2]", "need 12 data bytes", "has 11"])
        assertThrowsSwiftKerasError(try IDXFile(parsing: bytes + [9], name: "long.idx"), containing: ["has 13"])
    }

    func testAbsurdHeaderSizesThrowInsteadOfOverflowing() {
        let bytes: [UInt8] = [0, 0, 8, 4] + [UInt8](repeating: 0xFF, count: 16)
        XCTAssertThrowsError(try IDXFile(parsing: bytes, name: "huge.idx"))
    }

    func testShapeThatDisagreesWithValuesIsRejected() {
        XCTAssertThrowsError(try IDXFile(uint8: [1, 2, 3], shape: [2, 2]))
    }
}
