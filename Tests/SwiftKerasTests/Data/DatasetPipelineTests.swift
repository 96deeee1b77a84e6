import XCTest
@testable import SwiftKeras

/// `Dataset`'s tf.data stages: map, shuffled(bufferSize:seed:), batched(_:dropRemainder:), repeated, take.
final class DatasetPipelineTests: XCTestCase {
    /// x row i is [i, 10 + i], y is i.
    private func makeDataset(_ count: Int) throws -> Dataset {
        let x = Tensor(shape: [count, 2], scalars: (0..<count).flatMap { [Float($0), Float(10 + $0)] })
        return try Dataset(x, Tensor((0..<count).map(Float.init)))
    }

    private func labels(_ dataset: Dataset) -> [Float] { dataset.flatMap(\.y.scalars) }

    func testFullBufferDrawsFisherYatesReadFromTheEnd() {
        for count in [1, 2, 7, 100] {
            var generator = SeededGenerator(seed: 11)
            XCTAssertEqual(ShuffleBuffer.order(count: count, seed: 11), generator.permutation(count).reversed())
        }
    }

    func testFullBufferShuffleIsPassZeroOfFitsOrder() throws {
        let order = ShuffleBuffer.order(count: 40, seed: ShuffleBuffer<Int>.seed(5, pass: 0))
        XCTAssertEqual(labels(try makeDataset(40).shuffled(bufferSize: 40, seed: 5)), order.map(Float.init))
    }

    func testSmallBufferOnlyMixesNearbyElements() throws {
        XCTAssertEqual(labels(try makeDataset(20).shuffled(bufferSize: 1, seed: 3)), (0..<20).map(Float.init))
        let mixed = labels(try makeDataset(200).shuffled(bufferSize: 4, seed: 3))
        XCTAssertEqual(mixed.sorted(), (0..<200).map(Float.init))
        XCTAssertNotEqual(mixed, (0..<200).map(Float.init))
        // Output i is drawn from a buffer that has seen inputs 0...i + 3 only.
        for (position, label) in mixed.enumerated() { XCTAssertLessThanOrEqual(Int(label), position + 3) }
    }

    func testEachPassReshufflesReproducibly() throws {
        let dataset = try makeDataset(30).shuffled(bufferSize: 30, seed: 9).batched(8)
        let first = labels(dataset), second = labels(dataset)
        XCTAssertNotEqual(first, second)
        XCTAssertEqual(first.sorted(), second.sorted())
        let fresh = try makeDataset(30).shuffled(bufferSize: 30, seed: 9).batched(8)
        XCTAssertEqual([labels(fresh), labels(fresh)], [first, second])
        let fixed = try makeDataset(30).shuffled(bufferSize: 30, seed: 9, reshuffleEachIteration: false)
        XCTAssertEqual(labels(fixed), labels(fixed))
    }

    /// Shuffling and batching rows of tensors works on their indices; a `map` first sends each sample through the
    /// shuffle buffer as a piece of its own. Both must give the same batches, pass after pass.
    func testShufflesAndBatchesOfRowsMatchThePerSamplePath() throws {
        for (bufferSize, batch, dropRemainder) in [(37, 8, false), (5, 8, false), (1, 3, true), (9, 19, true), (37, 40, false)] {
            let byIndex = try makeDataset(37).shuffled(bufferSize: bufferSize, seed: 4).batched(batch, dropRemainder: dropRemainder)
            let perSample = try makeDataset(37).map { ($0, $1) }.shuffled(bufferSize: bufferSize, seed: 4)
                .batched(batch, dropRemainder: dropRemainder)
            XCTAssertNotNil(try makeDataset(37).shuffled(bufferSize: bufferSize, seed: 4).sampleOrder, "index path")
            XCTAssertNil(try makeDataset(37).map { ($0, $1) }.sampleOrder, "per-sample path")
            for pass in 0..<3 {
                let a = Array(byIndex), b = Array(perSample)
                XCTAssertEqual(a.map(\.x.shape), b.map(\.x.shape), "buffer \(bufferSize) pass \(pass)")
                XCTAssertEqual(a.flatMap(\.x.scalars), b.flatMap(\.x.scalars), "buffer \(bufferSize) pass \(pass)")
                XCTAssertEqual(a.flatMap(\.y.scalars), b.flatMap(\.y.scalars), "buffer \(bufferSize) pass \(pass)")
            }
        }
    }

    func testMapTransformsSamplesBeforeBatchingAndBatchesAfter() throws {
        let samples = Array(try makeDataset(5).map { x, y in (x * 2, y + 1) }.batched(2))
        XCTAssertEqual(samples.map(\.x.shape), [[2, 2], [2, 2], [1, 2]])
        XCTAssertEqual(samples[1].x.scalars, [4, 24, 6, 26])
        XCTAssertEqual(samples.flatMap(\.y.scalars), [1, 2, 3, 4, 5])
        let batches = Array(try makeDataset(5).batched(2).map { x, y in (x.sum(), y) })
        XCTAssertEqual(batches.map(\.x.scalars), [[22], [30], [18]])
    }

    func testDropRemainderDropsTheLastPartialBatch() throws {
        let dataset = try makeDataset(10).batched(4, dropRemainder: true)
        XCTAssertEqual(dataset.cardinality, 2)
        XCTAssertEqual(Array(dataset).map(\.y.scalars), [[0, 1, 2, 3], [4, 5, 6, 7]])
    }

    func testRepeatedAndTake() throws {
        let twice = try makeDataset(3).repeated(2)
        XCTAssertEqual(twice.cardinality, 6)
        XCTAssertEqual(labels(twice), [0, 1, 2, 0, 1, 2])
        let endless = try makeDataset(3).repeated()
        XCTAssertEqual(endless.cardinality, Dataset.infiniteCardinality)
        XCTAssertEqual(endless.take(7).cardinality, 7)
        XCTAssertEqual(labels(endless.take(7)), [0, 1, 2, 0, 1, 2, 0])
        XCTAssertEqual(try makeDataset(3).take(10).cardinality, 3)
        XCTAssertEqual(labels(try makeDataset(3).take(0)), [])
        XCTAssertEqual(labels(try makeDataset(5).skip(3)), [3, 4])
        XCTAssertEqual(try makeDataset(5).skip(3).cardinality, 2)
        XCTAssertEqual(try makeDataset(5).skip(9).cardinality, 0)
        XCTAssertEqual(labels(try makeDataset(5).skip(9)), [])
    }

    func testShuffleBeforeRepeatReshufflesEveryRepetition() throws {
        let dataset = try makeDataset(20).shuffled(bufferSize: 20, seed: 1).repeated(2)
        let values = labels(dataset)
        XCTAssertEqual(Array(values[..<20]).sorted(), Array(values[20...]).sorted())
        XCTAssertNotEqual(Array(values[..<20]), Array(values[20...]))
    }

    func testRebatchingSplitsMappedBatchesIntoSamples() throws {
        let rebatched = Array(try makeDataset(5).batched(2).map { x, y in (x, y * 10) }.batched(3))
        XCTAssertEqual(rebatched.map(\.y.scalars), [[0, 10, 20], [30, 40]])
        XCTAssertEqual(rebatched[1].x.shape, [2, 2])
        XCTAssertEqual(rebatched[1].x.scalars, [3, 13, 4, 14])
    }

    func testGeneratorHasUnknownCardinality() {
        let dataset = Dataset.fromGenerator {
            var index = 0
            return AnyIterator {
                defer { index += 1 }
                return index < 3 ? (Tensor([Float(index)]), Tensor(Float(index))) : nil
            }
        }
        XCTAssertEqual(dataset.cardinality, Dataset.unknownCardinality)
        XCTAssertEqual(dataset.batched(2).cardinality, Dataset.unknownCardinality)
        XCTAssertEqual(Array(dataset.batched(2)).map(\.x.shape), [[2, 1], [1, 1]])
    }
}
