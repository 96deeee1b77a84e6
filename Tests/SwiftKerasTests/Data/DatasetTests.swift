import XCTest
@testable import SwiftKeras

final class DatasetTests: XCTestCase {
    /// x row i is [i, 10 + i], y is i: every batch can be checked against its sample indices.
    private func makeDataset(_ count: Int) throws -> Dataset {
        let x = Tensor(shape: [count, 2], scalars: (0..<count).flatMap { [Float($0), Float(10 + $0)] })
        let y = Tensor(shape: [count], scalars: (0..<count).map(Float.init))
        return try Dataset(x, y)
    }

    func testBatchesKeepTheLastPartialBatch() throws {
        let batches = Array(try makeDataset(10).batched(4))
        XCTAssertEqual(batches.map(\.x.shape), [[4, 2], [4, 2], [2, 2]])
        XCTAssertEqual(batches.map(\.y.shape), [[4], [4], [2]])
        XCTAssertEqual(batches[2].x.scalars, [8, 18, 9, 19])
        XCTAssertEqual(try makeDataset(10).batched(4).count, 3)
    }

    func testUnbatchedIterationYieldsSamplesWithoutTheLeadingAxis() throws {
        let samples = Array(try makeDataset(3))
        XCTAssertEqual(samples.count, 3)
        XCTAssertEqual(samples[1].x.shape, [2])
        XCTAssertEqual(samples[1].x.scalars, [1, 11])
        XCTAssertEqual(samples[1].y.shape, [])
        XCTAssertEqual(samples[1].y.scalars, [1])
    }

    func testShuffleIsASeededPermutationThatKeepsPairsTogether() throws {
        let dataset = try makeDataset(50)
        let first = Array(dataset.shuffled(seed: 7).batched(8))
        let again = Array(dataset.shuffled(seed: 7).batched(8))
        let other = Array(dataset.shuffled(seed: 8).batched(8))
        let labels = first.flatMap(\.y.scalars)
        XCTAssertEqual(labels.sorted(), (0..<50).map(Float.init), "every sample exactly once")
        XCTAssertNotEqual(labels, (0..<50).map(Float.init))
        XCTAssertEqual(labels, again.flatMap(\.y.scalars), "same seed, same order")
        XCTAssertNotEqual(labels, other.flatMap(\.y.scalars))
        for batch in first {
            for (row, label) in batch.y.scalars.enumerated() {
                XCTAssertEqual(batch.x.scalars[2 * row], label)
                XCTAssertEqual(batch.x.scalars[2 * row + 1], label + 10)
            }
        }
    }

    func testShuffleAfterBatchingShufflesWholeBatches() throws {
        let batches = Array(try makeDataset(10).batched(4).shuffled(seed: 3))
        XCTAssertEqual(batches.map(\.y.scalars).sorted { $0[0] < $1[0] }, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    }

    func testMismatchedSampleCountsThrow() {
        let x = Tensor(zeros: [5, 3]), y = Tensor(zeros: [4])
        assertThrowsSwiftKerasError(try Dataset(x, y), kind: .shapeMismatch, containing: ["[5, 3]", "5 samples", "[4]", "4"])
    }

    func testCountIsSamplesWhenUnbatched() throws {
        let dataset = try makeDataset(7)
        XCTAssertEqual(dataset.count, 7)
        XCTAssertEqual(dataset.cardinality, 7)
        XCTAssertEqual(dataset.batched(7).count, 1)
        XCTAssertEqual(dataset.batched(100).count, 1)
    }
}
