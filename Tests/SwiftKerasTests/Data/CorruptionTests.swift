import XCTest
@testable import SwiftKeras

/// Randomly corrupted copies of small valid files: every one must give the correct data or throw a
/// `SwiftKerasError`, never crash, hang or return wrong data silently (where a checksum can tell).
final class CorruptionTests: XCTestCase {
    /// Applies `trials` random corruptions (byte flips, truncations, inserted and deleted bytes) to `file`
    /// and passes each copy to `check`; returns how many copies were rejected.
    private func corruptedCopies(of file: [UInt8], trials: Int, seed: UInt64, _ check: ([UInt8]) throws -> Void) -> Int {
        var generator = SeededGenerator(seed: seed)
        var rejected = 0
        for _ in 0..<trials {
            var copy = file
            switch generator.next() % 4 {
            case 0:
                for _ in 0...(generator.next() % 3) {
                    copy[Int(generator.next() % UInt64(copy.count))] ^= UInt8(1 + generator.next() % 255)
                }
            case 1: copy.removeLast(1 + Int(generator.next() % UInt64(copy.count)))
            case 2: copy.insert(UInt8(truncatingIfNeeded: generator.next()), at: Int(generator.next() % UInt64(copy.count)))
            default: copy.remove(at: Int(generator.next() % UInt64(copy.count)))
            }
            do {
                try check(copy)
            } catch is SwiftKerasError {
                rejected += 1
            } catch {
                XCTFail("expected a SwiftKerasError, got \(error)")
            }
        }
        return rejected
    }

    private var tinyImages: IDXFile {
        try! IDXFile(uint8: (0..<2 * 28 * 28).map { UInt8(truncatingIfNeeded: ($0 * 37) >> 2) }, shape: [2, 28, 28])
    }

    func testCorruptedGzippedIDXGivesCorrectDataOrThrows() {
        let expected = tinyImages
        let file = Gzip.compress(expected.serialized())
        let rejected = corruptedCopies(of: file, trials: 300, seed: 1) { copy in
            let parsed = try IDXFile(parsing: try Gzip.decompress(copy, name: "images.gz"), name: "images.gz")
            XCTAssertEqual(parsed, expected, "a corrupted gzip file decoded to wrong data without an error")
        }
        XCTAssertGreaterThan(rejected, 250)
    }

    func testCorruptedDynamicHuffmanGzipGivesCorrectDataOrThrows() {
        // zlib's output (dynamic Huffman) rather than ours (fixed Huffman).
        let text = Array("It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity.".utf8)
        let stream = DataTestSupport.bytes(hex: "75cbdb0980300c46e1553280b88763f4f2d7066a234da4b8bdf44984fafc9db31975a76419e4a14692c8f8802ec4af74697fe4760ce8ac518e992491c29a2bf43be2949047e05118696e5c4343bc0adbbd3e")
        let crc = CRC32.checksum(text)
        let file: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + stream
            + [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: crc >> $0) } + [UInt8(text.count), 0, 0, 0]
        XCTAssertEqual(try Gzip.decompress(file), text)
        _ = corruptedCopies(of: file, trials: 300, seed: 2) { copy in
            let decoded = try Gzip.decompress(copy, name: "text.gz")
            XCTAssertEqual(decoded, text, "a corrupted gzip file decoded to wrong data without an error")
        }
    }

    func testCorruptedZipOfNPYGivesCorrectDataOrThrows() throws {
        let member = NumPyArray(Tensor(shape: [4, 5], scalars: (0..<20).map { Float($0) * 0.5 }))
        for compressed in [true, false] {
            let file = try ZipArchive.archive([("x.npy", member.serialized())], compressed: compressed)
            _ = corruptedCopies(of: file, trials: 200, seed: compressed ? 3 : 4) { copy in
                let parsed = try ZipArchive(bytes: copy, name: "x.npz").numPyArray("x")
                XCTAssertEqual(parsed, member, "a corrupted zip member decoded to wrong data without an error")
            }
        }
    }

    func testCorruptedRawNPYAndIDXThrowOrStayConsistent() {
        // Without a checksum a changed value cannot be detected; the parsers must still never crash and
        // every array they return must hold exactly as many values as its shape says.
        let npy = NumPyArray(Tensor(shape: [3, 4], scalars: (0..<12).map(Float.init))).serialized()
        _ = corruptedCopies(of: npy, trials: 200, seed: 5) { copy in
            let array = try NumPyArray(parsing: copy, name: "x.npy")
            XCTAssertEqual(array.floats().count, array.shape.reduce(1, *))
        }
        _ = corruptedCopies(of: tinyImages.serialized(), trials: 200, seed: 6) { copy in
            let file = try IDXFile(parsing: copy, name: "x.idx")
            XCTAssertEqual(file.floats().count, file.shape.reduce(1, *))
        }
    }
}
