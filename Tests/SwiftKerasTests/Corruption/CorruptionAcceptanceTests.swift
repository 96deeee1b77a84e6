import Foundation
import XCTest
@testable import SwiftKeras

/// Issue 12's acceptance test: hundreds of corrupted model files, safetensors files, gzipped IDX files and
/// `.npz` archives (random damage, lying lengths, non-finite values, compression bombs). Every one must throw a
/// `SwiftKerasError` or load exactly the original, within 10 seconds and well under 1 GB.
final class CorruptionAcceptanceTests: XCTestCase {
    private var folder = ""
    private var generator = SeededGenerator(seed: 12)

    override func setUpWithError() throws { folder = try SavingTestSupport.temporaryFolder(for: self) }

    /// Writes `bytes` to `name` in the scratch folder, runs `load` on the path, and checks the outcome.
    private func check(_ bytes: [UInt8], as name: String, _ what: String,
                       load: (String) throws -> Bool, file: StaticString = #filePath, line: UInt = #line) throws -> Bool {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let start = Date(), peak = CorruptionFixtures.peakResidentBytes()
        defer {
            XCTAssertLessThan(Date().timeIntervalSince(start), 10, "\(what) took too long", file: file, line: line)
            XCTAssertLessThan(CorruptionFixtures.peakResidentBytes() - peak, 600 << 20, "\(what) used too much memory", file: file, line: line)
        }
        do {
            let same = try load(path)
            XCTAssertTrue(same, "\(what) loaded different data without an error", file: file, line: line)
            return false
        } catch is SwiftKerasError {
            return true
        } catch {
            XCTFail("\(what): expected a SwiftKerasError, got \(error)", file: file, line: line)
            return false
        }
    }

    func testCorruptedModelFilesThrowOrLoadTheOriginal() throws {
        let model = SavingTestSupport.classifier()
        try model.save(to: folder + "/good.swiftkeras")
        let good = try readFileBytes(folder + "/good.swiftkeras"), weights = model.getWeights()
        let load = { (path: String) throws -> Bool in try Sequential.load(from: path, compile: false).getWeights() == weights }
        var rejected = 0
        for trial in 0..<100 {
            rejected += try check(CorruptionFixtures.damage(good, &generator), as: "m.swiftkeras", "model damage \(trial)", load: load) ? 1 : 0
        }
        for (offset, value) in [(16, UInt64.max), (16, 1), (24, UInt64(1) << 40), (24, 0)] {  // lying JSON and data lengths
            rejected += try check(CorruptionFixtures.overwrite(good, at: offset, with: value), as: "m.swiftkeras", "length at \(offset)", load: load) ? 1 : 0
        }
        var poisoned = weights
        poisoned[0].scalars[3] = .nan
        try model.setWeights(poisoned)
        try model.save(to: folder + "/nan.swiftkeras")
        assertThrowsSwiftKerasError(try Sequential.load(from: folder + "/nan.swiftkeras"), kind: .fileFormat, containing: ["non-finite", "nan"])
        XCTAssertGreaterThan(rejected, 90)
    }

    func testCorruptedSafetensorsThrowOrLoadTheOriginal() throws {
        let model = SavingTestSupport.classifier()
        try model.saveWeights(to: folder + "/good.safetensors")
        let good = try readFileBytes(folder + "/good.safetensors"), weights = model.getWeights()
        let load = { (path: String) throws -> Bool in
            let fresh = SavingTestSupport.classifier(seed: 99)
            try fresh.loadWeights(from: path)
            return fresh.getWeights() == weights
        }
        var rejected = 0
        for trial in 0..<100 {
            rejected += try check(CorruptionFixtures.damage(good, &generator), as: "w.safetensors", "safetensors damage \(trial)", load: load) ? 1 : 0
        }
        for value in [UInt64.max, 0, 7, UInt64(good.count)] {  // lying header lengths
            rejected += try check(CorruptionFixtures.overwrite(good, at: 0, with: value), as: "w.safetensors", "header length \(value)", load: load) ? 1 : 0
        }
        // Without the optional CRC entry a flipped data bit cannot be noticed, unless it makes a value non-finite.
        let named = model.getWeights().enumerated().map { (name: "w\($0.offset)", tensor: $0.element) }
        var bytes = [UInt8](SafeTensors.encode(named, metadata: [:]))
        bytes = CorruptionFixtures.overwrite(bytes, at: bytes.count - 4, with: Float.infinity.bitPattern)
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/inf.safetensors"))
        assertThrowsSwiftKerasError(try SafeTensors.decode(SavedBytes(contentsOf: folder + "/inf.safetensors")),
                                    kind: .fileFormat, containing: ["tensor w3", "non-finite"])
        XCTAssertGreaterThan(rejected, 90)
    }

    func testCorruptedGzippedIDXFilesThrowOrLoadTheOriginal() throws {
        try DataTestSupport.writeTinyMNIST(in: folder + "/idx")
        let imagesPath = folder + "/idx/train-images-idx3-ubyte.gz"
        let good = try readFileBytes(imagesPath), original = try MNIST.loadData(path: folder + "/idx").0.0
        let load = { (_: String) throws -> Bool in try MNIST.loadData(path: self.folder + "/idx").0.0 == original }
        var rejected = 0
        for trial in 0..<100 {
            rejected += try check(CorruptionFixtures.damage(good, &generator), as: "idx/train-images-idx3-ubyte.gz", "IDX damage \(trial)", load: load) ? 1 : 0
        }
        let header: [UInt8] = [0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28]  // uint8 [60000, 28, 28]
        let huge: [UInt8] = [0, 0, 8, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 28, 0, 0, 0, 28]
        let float32Header: [UInt8] = [0, 0, 0x0D, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28]
        var nan = float32Header + [UInt8](repeating: 0, count: 4 * 3 * 784)
        nan[16 + 40 * 4] = 0x7F; nan[17 + 40 * 4] = 0xC0
        let cases: [(String, [UInt8])] = [
            ("1 GiB bomb behind a plain MNIST header", CorruptionFixtures.gzip(CorruptionFixtures.deflateBomb(prefix: header, zeros: 1 << 30))),
            ("1 GiB of zeros, no header", CorruptionFixtures.gzip(CorruptionFixtures.deflateBomb(prefix: [], zeros: 1 << 30))),
            ("header declaring 2^31 images", CorruptionFixtures.gzip(CorruptionFixtures.deflateBomb(prefix: huge, zeros: 1 << 26))),
            ("lying gzip length", CorruptionFixtures.overwrite(good, at: good.count - 4, with: UInt32(12345))),
            ("float32 images holding NaN", Gzip.compress(nan)),
        ]
        for (what, bytes) in cases {
            XCTAssertTrue(try check(bytes, as: "idx/train-images-idx3-ubyte.gz", what, load: load), "\(what) must be rejected")
            rejected += 1
        }
        XCTAssertGreaterThan(rejected, 90)
    }

    func testCorruptedNPZArchivesThrowOrLoadTheOriginal() throws {
        func npy(_ dtype: NumPyArray.DType, _ shape: [Int], _ data: [UInt8]) throws -> [UInt8] {
            try NumPyArray(dtype: dtype, shape: shape, data: data).serialized()
        }
        let members = [("x_train.npy", try npy(.uint8, [3, 28, 28], (0..<3 * 784).map { UInt8($0 % 251) })),
                       ("y_train.npy", try npy(.uint8, [3], [1, 2, 3])),
                       ("x_test.npy", try npy(.uint8, [2, 28, 28], [UInt8](repeating: 9, count: 2 * 784))),
                       ("y_test.npy", try npy(.uint8, [2], [9, 8]))]
        try ZipArchive.write(members, to: folder + "/good.npz")
        let good = try readFileBytes(folder + "/good.npz"), original = try MNIST.loadData(path: folder + "/good.npz")
        let load = { (path: String) throws -> Bool in
            let data = try MNIST.loadData(path: path)
            return data.0.0 == original.0.0 && data.0.1 == original.0.1 && data.1.0 == original.1.0 && data.1.1 == original.1.1
        }
        var rejected = 0
        for trial in 0..<100 {
            rejected += try check(CorruptionFixtures.damage(good, &generator), as: "m.npz", "npz damage \(trial)", load: load) ? 1 : 0
        }
        func npyHeader(_ shape: String) -> [UInt8] {
            var text = "{'descr': '|u1', 'fortran_order': False, 'shape': \(shape), }"
            text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
            return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(text.utf8.count), 0] + Array(text.utf8)
        }
        let header = npyHeader("(60000, 28, 28)"), huge = npyHeader("(10000000, 28, 28)")
        let bomb = CorruptionFixtures.deflateBomb(prefix: header, zeros: 1 << 30)
        var infinite = try npy(.float32, [3, 28, 28], [UInt8](repeating: 0, count: 4 * 3 * 784))
        infinite.replaceSubrange(infinite.count - 4..<infinite.count, with: [0, 0, 0x80, 0x7F])
        let rest = members.dropFirst().map { (name: $0.0, deflate: Deflate.compress($0.1), crc: CRC32.checksum($0.1), size: UInt32($0.1.count)) }
        let cases: [(String, [UInt8])] = [
            ("1 GiB bomb, directory telling the truth", CorruptionFixtures.zip([("x_train.npy", bomb, 0, UInt32.max)] + rest)),
            ("1 GiB bomb, directory matching the header", CorruptionFixtures.zip([("x_train.npy", bomb, 0, UInt32(header.count + 60000 * 784))] + rest)),
            ("header declaring 7.8 GB", CorruptionFixtures.zip([("x_train.npy", CorruptionFixtures.deflateBomb(prefix: huge, zeros: 1 << 20), 0, 0)] + rest)),
            ("float32 images holding +inf", CorruptionFixtures.zip([("x_train.npy", Deflate.compress(infinite), CRC32.checksum(infinite), UInt32(infinite.count))] + rest)),
        ]
        for (what, bytes) in cases {
            XCTAssertTrue(try check(bytes, as: "m.npz", what, load: load), "\(what) must be rejected")
            rejected += 1
        }
        XCTAssertGreaterThan(rejected, 80)
    }
}
