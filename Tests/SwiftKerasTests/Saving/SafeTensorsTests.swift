import Foundation
import XCTest
@testable import SwiftKeras

/// `saveWeights(to:)` / `loadWeights(from:)` in the safetensors format, checked against its specification and
/// against Python's `safetensors.numpy`.
final class SafeTensorsTests: XCTestCase {
    /// Dense(3) on [2] then Dense(2), with weights 0, 1, 2, ... in Keras order (kernel, bias, kernel, bias).
    private func countingModel(names: (String, String) = ("dense", "dense_1")) throws -> Sequential {
        let model = Sequential([Dense(3, inputShape: [2], name: names.0), Dense(2, name: names.1)])
        var next: Float = 0
        try model.setWeights(model.getWeights().map { weight in
            Tensor(shape: weight.shape, scalars: weight.scalars.map { _ in defer { next += 1 }; return next })
        })
        return model
    }

    func testFileFollowsTheSafetensorsLayout() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/weights.safetensors"
        try countingModel().saveWeights(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let headerLength = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(headerLength % 8, 0, "the header is padded to 8 bytes")
        let header = try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as! [String: Any]
        XCTAssertEqual(Set(header.keys), ["__metadata__", "dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"])
        let kernel = header["dense/kernel"] as! [String: Any]
        XCTAssertEqual(kernel["dtype"] as? String, "F32")
        XCTAssertEqual(kernel["shape"] as? [Int], [2, 3])
        XCTAssertEqual(kernel["data_offsets"] as? [Int], [0, 24])
        XCTAssertEqual((header["dense/bias"] as! [String: Any])["data_offsets"] as? [Int], [24, 36])
        XCTAssertEqual((header["dense_1/bias"] as! [String: Any])["data_offsets"] as? [Int], [60, 68])
        XCTAssertEqual(bytes.count, 8 + headerLength + 68)
        // Value 5 (the last kernel entry) is float32 0x40A00000, stored little-endian at data offset 20.
        XCTAssertEqual(Array(bytes[(8 + headerLength + 20)..<(8 + headerLength + 24)]), [0x00, 0x00, 0xA0, 0x40])
    }

    func testWeightsLoadByNameAndByRecordedOrderWhenNamesDiffer() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/weights.safetensors"
        let source = try countingModel()
        try source.saveWeights(to: path)
        let sameNames = Sequential([Dense(3, inputShape: [2], name: "dense"), Dense(2, name: "dense_1")])
        try sameNames.loadWeights(from: path)
        XCTAssertEqual(sameNames.getWeights(), source.getWeights())
        let otherNames = Sequential([Dense(3, inputShape: [2], name: "first"), Dense(2, name: "second")])
        try otherNames.loadWeights(from: path)
        XCTAssertEqual(otherNames.getWeights(), source.getWeights())
    }

    func testWrongArchitectureThrowsAndLeavesTheWeightsUntouched() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/weights.safetensors"
        try countingModel().saveWeights(to: path)
        let wider = Sequential([Dense(4, inputShape: [2], name: "dense"), Dense(2, name: "dense_1")])
        let before = wider.getWeights()
        SavingTestSupport.assertThrows(["wrong architecture", "dense/kernel", "[2, 3]", "[2, 4]"]) { try wider.loadWeights(from: path) }
        XCTAssertEqual(wider.getWeights(), before)
        let deeper = Sequential([Dense(3, inputShape: [2]), Dense(2), Dense(1)])
        SavingTestSupport.assertThrows(["wrong architecture", "4 weights", "has 6"]) { try deeper.loadWeights(from: path) }
    }

    func testTruncatedAndCorruptedWeightFilesThrow() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/weights.safetensors"
        let model = try countingModel()
        try model.saveWeights(to: path)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        for length in [0, 5, 8, 40, bytes.count - 1] {
            try Data(bytes.prefix(length)).write(to: URL(fileURLWithPath: path))
            SavingTestSupport.assertThrows(["weights.safetensors"]) { try model.loadWeights(from: path) }
        }
        var corrupted = bytes
        corrupted[corrupted.count - 2] ^= 0x10
        try Data(corrupted).write(to: URL(fileURLWithPath: path))
        SavingTestSupport.assertThrows(["corrupted", "CRC-32"]) { try model.loadWeights(from: path) }
        var hugeLength = bytes
        hugeLength[6] = 0x7F
        try Data(hugeLength).write(to: URL(fileURLWithPath: path))
        SavingTestSupport.assertThrows(["header length", "does not fit"]) { try model.loadWeights(from: path) }
    }

    func testRandomlyCorruptedWeightFilesLoadIdenticallyOrThrow() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/weights.safetensors"
        let source = try countingModel()
        try source.saveWeights(to: path)
        let valid = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var generator = SeededGenerator(seed: 99)
        let target = Sequential([Dense(3, inputShape: [2], name: "dense"), Dense(2, name: "dense_1")])
        for trial in 0..<300 {
            var bytes = valid
            if trial % 5 == 4 {
                bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count))))
            } else {
                for _ in 0..<(1 + trial % 3) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            try target.setWeights(target.getWeights().map { Tensor(zeros: $0.shape) })
            do {
                try target.loadWeights(from: path)
                XCTAssertEqual(target.getWeights(), source.getWeights(), "trial \(trial) loaded different values")
            } catch is SwiftKerasError {
                XCTAssertTrue(target.getWeights().allSatisfy { $0.scalars.allSatisfy { $0 == 0 } }, "trial \(trial) half-loaded")
            }
        }
    }

    func testPythonSafetensorsReadsTheWeightsWithTheirNamesShapesAndValues() throws {
        try SavingTestSupport.requirePythonSafetensors()
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/weights.safetensors"
        try countingModel().saveWeights(to: path)
        let script = """
        import sys, json, numpy as np
        from safetensors import safe_open
        from safetensors.numpy import load_file
        w = load_file(sys.argv[1])
        assert sorted(w) == ["dense/bias", "dense/kernel", "dense_1/bias", "dense_1/kernel"], sorted(w)
        with safe_open(sys.argv[1], "np") as f:
            order = json.loads(f.metadata()["weight_order"])
        assert order == ["dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"], order
        expected = {"dense/kernel": (2, 3), "dense/bias": (3,), "dense_1/kernel": (3, 2), "dense_1/bias": (2,)}
        start = 0
        for name in order:
            a = w[name]
            assert a.dtype == np.float32 and a.shape == expected[name], (name, a.dtype, a.shape)
            n = a.size
            assert (a.ravel() == np.arange(start, start + n, dtype=np.float32)).all(), (name, a)
            start += n
        print("ok")
        """
        let (status, output) = SavingTestSupport.runPython(script, [path])
        XCTAssertEqual(status, 0, output)
        XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), "ok")
    }

    func testWeightsWrittenByPythonLoadHere() throws {
        try SavingTestSupport.requirePythonSafetensors()
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let script = """
        import sys, numpy as np
        from safetensors.numpy import save_file
        dtype = np.float64 if sys.argv[2] == "f64" else np.float32
        save_file({"dense/kernel": np.arange(6, dtype=dtype).reshape(2, 3) / 4,
                   "dense/bias": np.array([-1.5, 0.25, 3], dtype=dtype),
                   "dense_1/kernel": np.arange(6, dtype=dtype).reshape(3, 2) - 2,
                   "dense_1/bias": np.array([1e-3, -7], dtype=dtype)}, sys.argv[1])
        """
        for dtype in ["f32", "f64"] {
            let path = folder + "/python-\(dtype).safetensors"
            let (status, output) = SavingTestSupport.runPython(script, [path, dtype])
            XCTAssertEqual(status, 0, output)
            let renamed = Sequential([Dense(3, inputShape: [2], name: "dense"), Dense(2, name: "dense_1")])
            try renamed.loadWeights(from: path)
            XCTAssertEqual(renamed.getWeights(), [
                Tensor(shape: [2, 3], scalars: [0, 0.25, 0.5, 0.75, 1, 1.25]), Tensor([-1.5, 0.25, 3]),
                Tensor(shape: [3, 2], scalars: [-2, -1, 0, 1, 2, 3]), Tensor([1e-3, -7]),
            ], dtype)
            let otherNames = Sequential([Dense(3, inputShape: [2], name: "a"), Dense(2, name: "b")])
            SavingTestSupport.assertThrows(["no tensor named a/kernel", "weight_order"]) { try otherNames.loadWeights(from: path) }
        }
    }
}
