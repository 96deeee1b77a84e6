import XCTest
@testable import SwiftKeras

final class ZipArchiveTests: XCTestCase {
    /// `np.savez_compressed(f, x=np.arange(6, dtype=np.float32).reshape(2, 3), y=np.array([7, 8, 9]))`:
    /// deflated members with Zip64 local headers, as NumPy writes them.
    private let numpyNPZ = DataTestSupport.bytes(hex: "504b03042d0000000800000021004fe9002affffffffffffffff05001400782e6e707901001000980000000000000055000000000000009bec17ea1b10c9c850c650ad9e925a9c5ca46ea5a06e9366a2aea3a09e965f54529498179f5f94920a12774bcc294e058a17672416a402f91a463a0ac69a3a0ab50a64032e063068b007120e4004c40d40bcc00100504b03042d00000008000000210008651b5bffffffffffffffff05001400792e6e70790100100098000000000000004d000000000000009bec17ea1b10c9c850c650ad9e925a9c5ca46ea5a06e9369a1aea3a09e965f54529498179f5f94920a12774bcc294e058a17672416a402f91ac63a9a3a0ab50a14002e760608e080d29c501a00504b01022d032d0000000800000021004fe9002a5500000098000000050000000000000000000000800100000000782e6e7079504b01022d032d00000008000000210008651b5b4d0000009800000005000000000000000000000080018c000000792e6e7079504b0506000000000200020066000000100100000000")

    func testNumPySavezArchiveListsAndExtractsMembers() throws {
        let archive = try ZipArchive(bytes: numpyNPZ, name: "small.npz")
        XCTAssertEqual(archive.memberNames, ["x.npy", "y.npy"])
        XCTAssertEqual(archive.members.map(\.method), [8, 8])
        let x = try archive.numPyArray("x")
        XCTAssertEqual(x.shape, [2, 3])
        XCTAssertEqual(x.floats(), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(try archive.numPyArray("y.npy").floats(), [7, 8, 9])
        XCTAssertEqual(try archive.numPyArray("y").dtype, .int64)
    }

    func testStoredAndDeflatedArchivesRoundTrip() throws {
        let entries: [(name: String, contents: [UInt8])] = [
            ("a.txt", Array(String(repeating: "zip me ", count: 100).utf8)),
            ("folder/empty.bin", []),
            ("b.npy", NumPyArray(Tensor(shape: [3], scalars: [1, 2, 3])).serialized()),
        ]
        for compressed in [false, true] {
            let folder = try DataTestSupport.temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try ZipArchive.write(entries, to: folder + "/test.zip", compressed: compressed)
            let archive = try ZipArchive(path: folder + "/test.zip")
            XCTAssertEqual(archive.memberNames, entries.map(\.name))
            XCTAssertEqual(archive.members.map(\.method), [UInt16](repeating: compressed ? 8 : 0, count: 3))
            for entry in entries { XCTAssertEqual(try archive.extract(entry.name), entry.contents, entry.name) }
            XCTAssertEqual(try archive.numPyArray("b").floats(), [1, 2, 3])
        }
    }

    func testMissingMemberThrowsListingTheMembers() throws {
        let archive = try ZipArchive(bytes: numpyNPZ, name: "small.npz")
        assertThrowsSwiftKerasError(try archive.extract("x_train.npy"), kind: .fileFormat,
                                    containing: ["small.npz", "'x_train.npy' is missing", "x.npy", "y.npy"])
    }

    func testCorruptedMemberDataFailsItsCRC() throws {
        var bytes = try ZipArchive.archive([("a.txt", Array("hello zip".utf8))], compressed: false)
        bytes[30 + 5] ^= 0x20  // local header (30 bytes) + name "a.txt", first data byte
        let archive = try ZipArchive(bytes: bytes, name: "c.zip")
        assertThrowsSwiftKerasError(try archive.extract("a.txt"), containing: ["c.zip", "a.txt", "CRC-32 mismatch"])
    }

    func testNotAZipFileThrows() {
        assertThrowsSwiftKerasError(try ZipArchive(bytes: Array("plain text, no zip".utf8), name: "p.zip"),
                                    containing: ["p.zip", "not a zip archive"])
    }

    func testTruncatedArchiveThrowsAtEveryCut() {
        for cut in 0..<numpyNPZ.count {
            XCTAssertThrowsError(try {
                let archive = try ZipArchive(bytes: Array(numpyNPZ[0..<cut]), name: "cut.npz")
                _ = try archive.numPyArray("x")
                _ = try archive.numPyArray("y")
            }(), "cut at \(cut)")
        }
    }
}
