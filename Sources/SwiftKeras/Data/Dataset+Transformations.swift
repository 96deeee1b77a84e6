extension Dataset {
    /// The dataset with `transform` applied to every element when it is drawn (`tf.data.Dataset.map`): to
    /// each sample when unbatched, to each `[b, ...]` batch when batched.
    /// - Parameter transform: takes an element's `(x, y)` and returns the new pair.
    public func map(_ transform: @escaping (Tensor, Tensor) -> (Tensor, Tensor)) -> Dataset {
        let upstream = pieces, read = values
        return Dataset(source: source, cardinality: cardinality, batchSize: batchSize) { pass in
            let input = upstream(pass)
            return AnyIterator {
                input.next().map { piece in
                    let element = read(piece)
                    let (x, y) = transform(element.x, element.y)
                    return .values(x: x, y: y)
                }
            }
        }
    }

    /// The dataset drawn through tf.data's shuffle buffer (`tf.data.Dataset.shuffle`): the buffer holds
    /// `bufferSize` elements and hands out a uniformly drawn one, whose place the next element takes. A buffer at
    /// least as large as the dataset gives a uniform permutation; a smaller one only mixes nearby elements.
    ///
    /// With a full-size buffer and `seed: model.shuffleSeed`, each epoch of `fit` on the batched dataset sees
    /// the same order as `fit(x, y)` with `shuffle: true`.
    /// - Parameters:
    ///   - bufferSize: elements held at once (at least 1; samples before `batched`, batches after it).
    ///   - seed: the seed every pass's order is drawn from.
    ///   - reshuffleEachIteration: whether each pass draws a new order (Keras's default), else every pass
    ///     repeats the first one's.
    public func shuffled(bufferSize: Int, seed: UInt64, reshuffleEachIteration: Bool = true) -> Dataset {
        require(bufferSize >= 1, "Dataset.shuffled needs a bufferSize of at least 1, got \(bufferSize)")
        let upstream = pieces
        func passSeed(_ pass: UInt64) -> UInt64 { reshuffleEachIteration ? ShuffleBuffer<Int>.seed(seed, pass: pass) : seed }
        if let upstreamOrder = sampleOrder {
            // Single rows of the source: the same draws on their indices.
            let order = { (pass: UInt64) in
                ShuffleBuffer<Int>.order(of: upstreamOrder(pass), capacity: bufferSize, seed: passSeed(pass))
            }
            return Dataset(source: source, cardinality: cardinality, batchSize: batchSize, sampleOrder: order) { pass in
                var rows = order(pass).makeIterator()
                return AnyIterator { rows.next().map { .rows([$0]) } }
            }
        }
        return Dataset(source: source, cardinality: cardinality, batchSize: batchSize) { pass in
            var input = upstream(pass)
            var buffer = ShuffleBuffer<DatasetPiece>(capacity: bufferSize, seed: passSeed(pass))
            return AnyIterator { buffer.next(from: &input) }
        }
    }

    /// The same elements in one order drawn from `seed`, the same on every pass (call it with a new seed for each
    /// epoch of a custom loop): a shuffle with a buffer as large as the dataset.
    public func shuffled(seed: UInt64) -> Dataset {
        shuffled(bufferSize: cardinality > 0 ? cardinality : 1 << 20, seed: seed, reshuffleEachIteration: false)
    }

    /// The same data in batches of `size` samples (`tf.data.Dataset.batch`); the last batch keeps the
    /// remainder unless `dropRemainder`. Batching a batched dataset re-batches its samples with the new size.
    /// - Parameters:
    ///   - size: samples per batch, at least 1.
    ///   - dropRemainder: whether to drop a last batch smaller than `size`.
    public func batched(_ size: Int, dropRemainder: Bool = false) -> Dataset {
        require(size >= 1, "Dataset.batched needs a batch size of at least 1, got \(size)")
        let upstream = pieces, read = values, wasBatched = batchSize != nil
        var batches = Dataset.unknownCardinality
        if cardinality == Dataset.infiniteCardinality {
            batches = cardinality
        } else if !wasBatched, cardinality >= 0 {
            batches = dropRemainder ? cardinality / size : ceilDivide(cardinality, size)
        }
        if let order = sampleOrder {
            // Single rows of the source: each batch is a slice of the pass's row order.
            return Dataset(source: source, cardinality: batches, batchSize: size) { pass in
                let rows = order(pass)
                var start = 0
                return AnyIterator {
                    let end = Swift.min(start + size, rows.count)
                    guard start < end, !(dropRemainder && end - start < size) else { return nil }
                    defer { start = end }
                    return .rows(Array(rows[start..<end]))
                }
            }
        }
        return Dataset(source: source, cardinality: batches, batchSize: size) { pass in
            let input = upstream(pass)
            // One sample at a time: batches are split back into their rows.
            var pending: [DatasetPiece] = []
            let samples = AnyIterator<DatasetPiece> {
                if pending.isEmpty, let piece = input.next() {
                    pending = wasBatched ? Dataset.rows(of: piece, read: read).reversed() : [piece]
                }
                return pending.popLast()
            }
            return AnyIterator {
                var group: [DatasetPiece] = []
                while group.count < size, let sample = samples.next() { group.append(sample) }
                guard !group.isEmpty, !(dropRemainder && group.count < size) else { return nil }
                return Dataset.stack(group, read: read, wasBatched: wasBatched)
            }
        }
    }

    /// The dataset repeated `count` times, or forever when nil (`tf.data.Dataset.repeat`); each repetition is a
    /// new pass of the stages before it, so a shuffle before `repeated` reshuffles every repetition.
    /// - Parameter count: repetitions (at least 0), or nil for an endless dataset.
    public func repeated(_ count: Int? = nil) -> Dataset {
        require(count.map { $0 >= 0 } ?? true, "Dataset.repeated needs a count of at least 0, got \(count ?? 0)")
        let upstream = pieces
        var total = Dataset.infiniteCardinality
        if let count { total = cardinality >= 0 ? cardinality * count : cardinality }
        if count == 0 || cardinality == 0 { total = 0 }
        return Dataset(source: source, cardinality: total, batchSize: batchSize) { pass in
            // Repetition r of pass p is pass p·count + r upstream, as if the repetitions were epochs.
            func key(_ repetition: UInt64) -> UInt64 {
                count.map { pass &* UInt64($0) &+ repetition } ?? (pass << 32 &+ repetition)
            }
            var repetition: UInt64 = 0
            var input = upstream(key(0))
            var yieldedThisRepetition = false
            return AnyIterator {
                while count.map({ repetition < UInt64($0) }) ?? true {
                    if let piece = input.next() {
                        yieldedThisRepetition = true
                        return piece
                    }
                    // An empty repetition ends the dataset, as in tf.data (no endless loop over nothing).
                    guard yieldedThisRepetition else { return nil }
                    repetition += 1
                    yieldedThisRepetition = false
                    input = upstream(key(repetition))
                }
                return nil
            }
        }
    }

    /// The first `count` elements (`tf.data.Dataset.take`); all of them when the dataset is shorter.
    /// - Parameter count: elements to keep, at least 0.
    public func take(_ count: Int) -> Dataset {
        require(count >= 0, "Dataset.take needs a count of at least 0, got \(count)")
        let upstream = pieces
        let total = cardinality == Dataset.infiniteCardinality ? count
            : cardinality >= 0 ? Swift.min(cardinality, count) : Dataset.unknownCardinality
        return Dataset(source: source, cardinality: total, batchSize: batchSize) { pass in
            let input = upstream(pass)
            var taken = 0
            return AnyIterator {
                guard taken < count else { return nil }
                taken += 1
                return input.next()
            }
        }
    }

    /// The elements after the first `count` (`tf.data.Dataset.skip`); none when the dataset is shorter.
    /// - Parameter count: elements to skip, at least 0.
    public func skip(_ count: Int) -> Dataset {
        require(count >= 0, "Dataset.skip needs a count of at least 0, got \(count)")
        let upstream = pieces
        let total = cardinality >= 0 ? Swift.max(cardinality - count, 0) : cardinality
        return Dataset(source: source, cardinality: total, batchSize: batchSize) { pass in
            let input = upstream(pass)
            var skipped = 0
            return AnyIterator {
                while skipped < count, input.next() != nil { skipped += 1 }
                skipped = count
                return input.next()
            }
        }
    }

    /// The samples of a batch, one piece each.
    private static func rows(of piece: DatasetPiece, read: (DatasetPiece) -> (x: Tensor, y: Tensor)) -> [DatasetPiece] {
        switch piece {
        case .rows(let rows): return rows.map { .rows([$0]) }
        case .values(let x, let y):
            return (0..<(x.shape.first ?? 0)).map { row in
                .values(x: x[row..<(row + 1)].droppingFirstAxis, y: y[row..<(row + 1)].droppingFirstAxis)
            }
        }
    }

    /// One batch of samples: their indices when all are source rows (read together later), else their stacked values.
    private static func stack(_ group: [DatasetPiece], read: (DatasetPiece) -> (x: Tensor, y: Tensor),
                              wasBatched: Bool) -> DatasetPiece {
        var indices: [Int] = []
        for piece in group {
            guard case .rows(let rows) = piece else {
                // A sample's values have no sample axis, unless they are a row split from a batch.
                let samples = group.map { piece -> (x: Tensor, y: Tensor) in
                    if case .rows(let rows) = piece, wasBatched { return read(.rows(rows)) }
                    let sample = read(piece)
                    return (sample.x.withLeadingAxis, sample.y.withLeadingAxis)
                }
                return .values(x: .concatenatingRows(samples.map(\.x)), y: .concatenatingRows(samples.map(\.y)))
            }
            indices += rows
        }
        return .rows(indices)
    }
}

extension Tensor {
    /// The tensor with a new leading axis of length 1 (no copy of the scalars).
    fileprivate var withLeadingAxis: Tensor { Tensor(shape: [1] + shape, scalars: scalars) }
    /// A `[1, ...]` tensor without its leading axis (no copy of the scalars).
    fileprivate var droppingFirstAxis: Tensor { Tensor(shape: Array(shape.dropFirst()), scalars: scalars) }
}
