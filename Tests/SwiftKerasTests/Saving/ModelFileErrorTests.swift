import Foundation
import XCTest
@testable import SwiftKeras

/// Bad model files throw a `SwiftKerasError` naming the problem; they never crash, hang or load wrong data.
final class ModelFileErrorTests: XCTestCase {
    private var folder = ""
    private var validBytes: [UInt8] = []
    private var original: Sequential!

    override func setUpWithError() throws {
        folder = try SavingTestSupport.temporaryFolder(for: self)
        original = SavingTestSupport.classifier()
        original.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        let (x, y) = SavingTestSupport.classificationData()
        try original.fit(x, y, epochs: 1, batchSize: 8, verbose: 0)
        validBytes = [UInt8](try original.encodedModelFile())
    }

    private func write(_ bytes: [UInt8], _ name: String = "bad.swiftkeras") throws -> String {
        let path = folder + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The file with its JSON document replaced (checksums recomputed), to craft consistent but wrong files.
    private func rewritten(_ edit: (inout [String: JSONValue]) -> Void) throws -> [UInt8] {
        let file = try ModelFile(SavedBytes(path: "memory", bytes: validBytes))
        var document = file.document.value.objectValue!
        edit(&document)
        return [UInt8](ModelFile.encode(document: .object(document), data: Data(validBytes[file.dataStart...])))
    }

    func testTruncatedFilesThrowNamingTruncation() throws {
        for length in [0, 7, 20, 43, 44, 100, validBytes.count / 2, validBytes.count - 1] {
            let path = try write(Array(validBytes.prefix(length)))
            SavingTestSupport.assertThrows(["bad.swiftkeras", "truncated"]) { _ = try Sequential.load(from: path) }
        }
    }

    func testCorruptedDataSectionThrowsNamingTheChecksum() throws {
        var bytes = validBytes
        bytes[bytes.count - 3] ^= 0x40
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["data section is corrupted", "CRC-32"]) { _ = try Sequential.load(from: path) }
    }

    func testCorruptedJSONThrowsNamingTheChecksum() throws {
        var bytes = validBytes
        bytes[ModelFile.headerSize + 10] ^= 0x01
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["JSON section is corrupted"]) { _ = try Sequential.load(from: path) }
    }

    func testNewerFormatVersionThrowsNamingTheVersion() throws {
        var bytes = validBytes
        bytes[8] = 2
        let checksum = CRC32.checksum(bytes[0..<40])
        for index in 0..<4 { bytes[40 + index] = UInt8(truncatingIfNeeded: checksum >> (8 * index)) }
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["format version 2", "reads version 1", "newer"]) { _ = try Sequential.load(from: path) }
    }

    func testOtherFilesAreNotTakenForModels() throws {
        let path = try write(Array("this is not a model file, just some text that is long enough".utf8))
        SavingTestSupport.assertThrows(["not a SwiftKeras model file"]) { _ = try Sequential.load(from: path) }
        SavingTestSupport.assertThrows(["no file at"]) { _ = try Sequential.load(from: folder + "/missing.swiftkeras") }
    }

    func testTrailingBytesThrow() throws {
        let path = try write(validBytes + [0, 0, 0, 0])
        SavingTestSupport.assertThrows(["trailing bytes"]) { _ = try Sequential.load(from: path) }
    }

    func testWeightsOfAnotherArchitectureThrowWithoutChangingTheModel() throws {
        let path = try write(validBytes)
        setRandomSeed(1)
        let other = Sequential([Flatten(inputShape: [2, 3]), Dense(4, activation: .relu), Dense(3, activation: .softmax)])
        let before = other.getWeights()
        SavingTestSupport.assertThrows(["wrong architecture", "[6, 5]", "[6, 4]"]) { try other.loadWeights(from: path) }
        XCTAssertEqual(other.getWeights(), before)
    }

    func testConsistentFileWhoseArchitectureDisagreesWithItsWeightsThrows() throws {
        let bytes = try rewritten { document in
            var model = document["model"]!.objectValue!
            var config = model["config"]!.objectValue!
            var layers = config["layers"]!.arrayValue!
            var dense = layers[2].objectValue!
            var denseConfig = dense["config"]!.objectValue!
            denseConfig["units"] = .number(1_000_000_000)
            dense["config"] = .object(denseConfig)
            layers[2] = .object(dense)
            config["layers"] = .array(layers)
            model["config"] = .object(config)
            document["model"] = .object(model)
        }
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["wrong architecture"]) { _ = try Sequential.load(from: path) }
    }

    func testHugeShapeInTheWeightTableThrowsWithoutAllocating() throws {
        let bytes = try rewritten { document in
            var weights = document["weights"]!.arrayValue!
            var first = weights[0].objectValue!
            first["shape"] = .array([.number(2_000_000_000), .number(2_000_000_000)])
            weights[0] = .object(first)
            document["weights"] = .array(weights)
        }
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["does not fit"]) { _ = try Sequential.load(from: path) }
    }

    /// A saved compile config whose optimizer arguments are outside Keras's ranges is refused when it is loaded.
    func testOutOfRangeOptimizerArgumentsThrowOnLoad() throws {
        let bytes = try rewritten { document in
            let text = JSONWriter.string(document["model"]!).replacingOccurrences(of: "\"beta_1\":0.9", with: "\"beta_1\":1")
            XCTAssertNotEqual(text, JSONWriter.string(document["model"]!), "the config should hold beta_1")
            document["model"] = try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        }
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["optimizer", "beta"]) { _ = try Sequential.load(from: path) }
        XCTAssertNoThrow(try Sequential.load(from: path, compile: false))
    }

    func testUnknownLayerClassThrowsNamingIt() throws {
        let bytes = try rewritten { document in
            let text = JSONWriter.string(document["model"]!).replacingOccurrences(of: "\"Flatten\"", with: "\"Conv9D\"")
            document["model"] = try! JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        }
        let path = try write(bytes)
        SavingTestSupport.assertThrows(["unknown layer class Conv9D"]) { _ = try Sequential.load(from: path) }
    }

    func testRandomlyCorruptedCopiesLoadIdenticallyOrThrow() throws {
        var generator = SeededGenerator(seed: 2024)
        let (x, _) = SavingTestSupport.classificationData()
        let expected = try original.predict(x, verbose: 0)
        var thrown = 0, loaded = 0
        for trial in 0..<300 {
            var bytes = validBytes
            switch trial % 4 {
            case 0:
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            case 1:
                for _ in 0..<(1 + Int(generator.next() % 8)) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] ^= UInt8(1 << (generator.next() % 8))
                }
            case 2:
                // Corrupt the header's lengths and versions, where a bad value could mislead a reader.
                bytes[Int(generator.next() % 44)] = UInt8(truncatingIfNeeded: generator.next())
            default:
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            }
            let path = try write(bytes, "fuzz.swiftkeras")
            do {
                let model = try Sequential.load(from: path)
                XCTAssertEqual(try model.predict(x, verbose: 0), expected, "trial \(trial) loaded different values")
                loaded += 1
            } catch is SwiftKerasError {
                thrown += 1
            }
        }
        XCTAssertEqual(thrown + loaded, 300)
        XCTAssertGreaterThan(thrown, 250)
    }
}
