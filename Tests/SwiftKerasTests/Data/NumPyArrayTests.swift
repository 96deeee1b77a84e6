import XCTest
@testable import SwiftKeras

final class NumPyArrayTests: XCTestCase {
    /// `np.save` of `np.arange(6, dtype='<f4').reshape(2, 3)`.
    private let numpyVector = DataTestSupport.bytes(hex: "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000803f0000004000004040000080400000a040")

    func testNumPyWrittenFileParses() throws {
        let array = try NumPyArray(parsing: numpyVector, name: "arange.npy")
        XCTAssertEqual(array.dtype, .float32)
        XCTAssertEqual(array.shape, [2, 3])
        XCTAssertEqual(array.floats(), [0, 1, 2, 3, 4, 5])
    }

    func testSerializedFileIsByteIdenticalToNumPys() throws {
        let tensor = Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(NumPyArray(tensor).serialized(), numpyVector)
    }

    func testEveryDTypeRoundTrips() throws {
        let cases: [(NumPyArray.DType, [UInt8], [Float])] = [
            (.uint8, [0, 255, 7], [0, 255, 7]),
            (.float64, [0, 0, 0, 0, 0, 0, 0xF8, 0x3F] + [0, 0, 0, 0, 0, 0, 0, 0xC0], [1.5, -2]),
            (.int64, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] + [9, 0, 0, 0, 0, 0, 0, 0], [-1, 9]),
        ]
        for (dtype, data, expected) in cases {
            let array = try NumPyArray(dtype: dtype, shape: [expected.count], data: data)
            let parsed = try NumPyArray(parsing: array.serialized(), name: "\(dtype).npy")
            XCTAssertEqual(parsed, array)
            XCTAssertEqual(parsed.floats(), expected, "\(dtype)")
        }
        let scalar = try NumPyArray(dtype: .uint8, shape: [], data: [42])
        XCTAssertEqual(try NumPyArray(parsing: scalar.serialized(), name: "scalar.npy").shape, [])
    }

    func testHeaderIsPaddedToSixtyFourBytes() {
        let array = try! NumPyArray(dtype: .uint8, shape: [1, 2], data: [1, 2])
        XCTAssertEqual((array.serialized().count - 2) % 64, 0)
    }

    func testUnsupportedDTypeThrowsNamingIt() {
        let header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }"
        assertThrowsSwiftKerasError(try NumPyArray(parsing: npy(header: header, data: [UInt8](repeating: 0, count: 8)), name: "i4.npy"),
                                    kind: .fileFormat, containing: ["i4.npy", "unsupported .npy dtype '<i4'"])
        let bigEndian = "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }"
        assertThrowsSwiftKerasError(try NumPyArray(parsing: npy(header: bigEndian, data: [UInt8](repeating: 0, count: 8)), name: "be.npy"),
                                    containing: ["'>f4'"])
    }

    func testFortranOrderThrows() {
        let header = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"
        assertThrowsSwiftKerasError(try NumPyArray(parsing: npy(header: header, data: [UInt8](repeating: 0, count: 24)), name: "f.npy"),
                                    containing: ["f.npy", "fortran_order is True"])
    }

    func testDataShorterThanShapeThrows() {
        assertThrowsSwiftKerasError(try NumPyArray(parsing: Array(numpyVector.dropLast(4)), name: "short.npy"),
                                    containing: ["short.npy", "needs 24 data bytes", "has 20"])
    }

    func testMalformedHeadersThrow() {
        for header in ["{'descr': '<f4', 'shape': (2,), }", "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", "not a dict", "{'descr: '<f4'"] {
            XCTAssertThrowsError(try NumPyArray(parsing: npy(header: header, data: [0, 0, 0, 0, 0, 0, 0, 0]), name: "bad.npy"), header)
        }
    }

    /// A version 1.0 `.npy` file with `header` (unpadded) and `data`.
    private func npy(header: String, data: [UInt8]) -> [UInt8] {
        let text = Array((header + "\n").utf8)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + data
    }
}
