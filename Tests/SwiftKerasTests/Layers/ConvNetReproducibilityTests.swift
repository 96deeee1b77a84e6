import SIMDKernels
import XCTest
@testable import SwiftKeras

/// A convolutional network (convolutions big enough to be split over threads, BatchNormalization, Dropout) trains
/// to bit-identical weights with 1 and 2 kernel threads, and twice with the same seed.
final class ConvNetReproducibilityTests: XCTestCase {
    private func trainedWeights(threads: Int, seed: Int = 5) throws -> [Tensor] {
        let saved = KernelThreads.count
        defer { KernelThreads.count = saved }
        KernelThreads.count = threads
        setRandomSeed(seed)
        clearSession()
        let model = Sequential([
            Input(shape: [20, 20, 1]),
            Conv2D(16, kernelSize: 3, activation: .relu), BatchNormalization(), MaxPooling2D(poolSize: 2),
            Conv2D(32, kernelSize: 3, padding: .same, activation: .relu), AveragePooling2D(poolSize: 2),
            Flatten(), Dropout(0.5), Dense(10, activation: .softmax),
        ])
        var generator = SeededGenerator(seed: 17)
        let x = Tensor(shape: [96, 20, 20, 1], scalars: (0..<(96 * 400)).map { _ in generator.nextUniform() < 0.7 ? 0 : generator.nextUniform() })
        let y = Tensor(shape: [96], scalars: (0..<96).map { Float($0 % 10) })
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        try model.fit(x, y, epochs: 1, batchSize: 32, verbose: 0)
        return model.getWeights()
    }

    func testConvNetWeightsDoNotDependOnTheThreadCount() throws {
        let one = try trainedWeights(threads: 1), two = try trainedWeights(threads: 2)
        XCTAssertEqual(one.count, 10)
        for (index, (a, b)) in zip(one, two).enumerated() {
            XCTAssertEqual(a.scalars.map(\.bitPattern), b.scalars.map(\.bitPattern), "weight \(index) differs between 1 and 2 threads")
        }
        XCTAssertEqual(try trainedWeights(threads: 2), two, "same seed, same weights")
        XCTAssertNotEqual(try trainedWeights(threads: 2, seed: 6), two, "another seed, other weights")
    }
}
