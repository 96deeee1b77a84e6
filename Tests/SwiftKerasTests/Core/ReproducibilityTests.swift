import Foundation
import SIMDKernels
import XCTest
@testable import SwiftKeras

/// The same seed gives bit-identical weights after `fit`.
final class ReproducibilityTests: XCTestCase {
    static func trainedWeights(seed: Int) throws -> [Tensor] {
        clearSession()
        setRandomSeed(seed)
        var generator = SeededGenerator(seed: 7)
        let x = Tensor(shape: [90, 12], scalars: (0..<1080).map { _ in generator.nextUniform() })
        let y = Tensor((0..<90).map { Float($0 % 4) })
        let model = Sequential([Input(shape: [12]), Dense(16, activation: .relu), Dense(4, activation: .softmax)])
        model.compile(optimizer: Adam(learningRate: 0.01), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        try model.fit(x, y, epochs: 3, batchSize: 16, validationSplit: 0.2, verbose: 0)
        return model.getWeights()
    }

    func testSameSeedGivesBitIdenticalWeightsWithinOneProcess() throws {
        XCTAssertEqual(try Self.trainedWeights(seed: 3), try Self.trainedWeights(seed: 3))
    }

    func testDifferentSeedsGiveDifferentWeights() throws {
        XCTAssertNotEqual(try Self.trainedWeights(seed: 3), try Self.trainedWeights(seed: 4))
    }

    func testWeightsDoNotDependOnTheThreadCount() throws {
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        KernelThreads.count = 1
        let single = try Self.trainedWeights(seed: 5)
        KernelThreads.count = 2
        XCTAssertEqual(single, try Self.trainedWeights(seed: 5))
    }

    /// The sparse first-layer path at sizes that split its work over threads (MNIST-like input: 19% nonzero).
    func testSparseInputWeightsDoNotDependOnTheThreadCount() throws {
        func trained() throws -> [Tensor] {
            clearSession()
            setRandomSeed(2)
            var generator = SeededGenerator(seed: 4)
            let x = Tensor(shape: [256, 784], scalars: (0..<(256 * 784)).map { _ in
                generator.nextUniform() < 0.19 ? generator.nextUniform() : 0
            })
            let y = Tensor((0..<256).map { Float($0 % 10) })
            let model = Sequential([Input(shape: [784]), Dense(128, activation: .relu), Dense(10, activation: .softmax)])
            model.compile(optimizer: RMSprop(), loss: .sparseCategoricalCrossentropy())
            try model.fit(x, y, epochs: 1, batchSize: 128, verbose: 0)
            return model.getWeights()
        }
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        KernelThreads.count = 1
        let single = try trained()
        KernelThreads.count = 2
        XCTAssertEqual(single, try trained())
    }

    /// Across runs: a fingerprint of the weights after a seeded fit, written by one test process and compared by
    /// the next. `.ci/run` runs this test in two processes with the same fresh `SWIFTKERAS_FINGERPRINT_DIR`.
    func testSameSeedGivesBitIdenticalWeightsAcrossRuns() throws {
        guard let folder = ProcessInfo.processInfo.environment["SWIFTKERAS_FINGERPRINT_DIR"] else {
            throw XCTSkip("set SWIFTKERAS_FINGERPRINT_DIR and run this test twice (.ci/run does)")
        }
        let weights = try Self.trainedWeights(seed: 11)
        let fingerprint = weights.flatMap(\.scalars).map { String($0.bitPattern, radix: 16) }.joined(separator: ",")
        let url = URL(fileURLWithPath: folder).appendingPathComponent("seed11-fingerprint.txt")
        if let previous = try? String(contentsOf: url, encoding: .utf8) {
            XCTAssertEqual(previous, fingerprint, "weights after a seeded fit changed between two test runs")
        } else {
            try fingerprint.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
