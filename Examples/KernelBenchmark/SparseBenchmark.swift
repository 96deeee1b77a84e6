// The first layer's products on a sparse batch with `SparseInput`, beside the dense product of the same shape.
// GFLOP/s counts the multiply-adds of the nonzero terms. The batch is real MNIST images when the dataset is found
// (`--data DIR`, default ../shared/datasets/mnist; neighbouring pixels are nonzero in the same images, which the
// kernel gradient's pairs of columns use), else MNIST-like noise (about 19% of the pixels nonzero, none near the
// border, each pixel independent). `KernelBenchmark --sparse` runs only this part. "load" reads one batch from a
// matrix again and again (in cache); "load ix", with MNIST, reads batch after batch of rows picked in a shuffled
// order from the 60,000 training images by their `SparseRowIndex` and copies each densely, as training does.

import Formats
import SIMDKernels

/// A 64-byte-aligned buffer of `count` floats, all `value`.
func alignedFloats(_ count: Int, _ value: Float) -> UnsafeMutablePointer<Float> {
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64).bindMemory(to: Float.self, capacity: count)
    pointer.initialize(repeating: value, count: count)
    return pointer
}

/// Seconds per call of `body`, timed over at least 50 ms.
func secondsPerCall(_ body: () -> Void) -> Double {
    let (repeats, elapsed) = calibratedRepeats(atLeast: 0.05, body)
    return elapsed / Double(repeats)
}

/// The first `count` MNIST training images as floats in [0, 1] (784 each), or nil when the file is not there.
func mnistImages(folder: String, count: Int) -> [Float]? {
    let path = folder + "/train-images-idx3-ubyte.gz"
    guard let bytes = try? Gzip.decompress(contentsOf: path), bytes.count >= 16 + count * 784 else { return nil }
    return bytes[16..<(16 + count * 784)].map { Float($0) / 255 }
}

/// Times `SparseInput`'s load, forward product and kernel gradient beside the dense sgemm of the same shapes.
func benchmarkSparseInput(allThreads: Int, dataFolder: String) {
    let images = mnistImages(folder: dataFolder, count: 60000)
    // The whole training set, its index and a shuffled order of its rows.
    let trainingSet = images.map { images in
        let x = alignedFloats(images.count, 0)
        x.update(from: images, count: images.count)
        var order = Array(0..<(images.count / 784)), random: UInt64 = 7
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            random = random &* 6364136223846793005 &+ 1442695040888963407
            order.swapAt(i, Int((random >> 33) % UInt64(i + 1)))
        }
        return (x: UnsafePointer(x), index: SparseRowIndex(x, rows: order.count, cols: 784), order: order)
    }
    defer { trainingSet.map { UnsafeMutablePointer(mutating: $0.x).deallocate() } }
    let source = images == nil ? "an MNIST-like batch (19% of the pixels nonzero, none at the border)"
        : "MNIST training images (from \(dataFolder))"
    print("\nSparseInput, the first layer's products on \(source),")
    print("on \(allThreads) threads: GFLOP/s of the nonzero terms, and microseconds beside the dense sgemm of the same shape")
    print("product " + pad("batch", 6) + pad("units", 6) + pad("inputs", 7) + pad("GFLOP/s", 10) + pad("µs", 9) + pad("dense µs", 10))
    KernelThreads.count = allThreads
    for (batch, units) in [(64, 128), (128, 512), (200, 512), (32, 256), (50, 256)] {
        let inputs = 784
        let x = alignedFloats(batch * inputs, 0), w = alignedFloats(inputs * units, 0.01)
        let y = alignedFloats(batch * units, 0.01), dw = alignedFloats(inputs * units, 0)
        defer { x.deallocate(); w.deallocate(); y.deallocate(); dw.deallocate() }
        var state: UInt64 = 12345
        for i in 0..<batch * inputs {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if let images {
                // Images 7·r mod 1000: a batch of unrelated digits, as a shuffled epoch picks them.
                let image = (i / inputs) * 7 % 1000
                x[i] = images[image * inputs + i % inputs]
                continue
            }
            let pixel = i % inputs, row = pixel / 28, col = pixel % 28
            let inside = row >= 4 && row < 24 && col >= 5 && col < 23
            if inside && (state >> 33) % 1000 < 420 { x[i] = Float((state >> 40) % 255 + 1) / 255 }
        }
        let sparse = SparseInput()
        let nonzeros = sparse.load(x, rows: batch, cols: inputs)
        let flops = 2 * Double(nonzeros * units)
        let forward = secondsPerCall { sparse.denseForward(n: units, w: w, bias: nil, activation: .relu, y: y) }
        let gradient = secondsPerCall { sparse.kernelGradient(n: units, dz: y, dw: dw) }
        let loading = secondsPerCall { sparse.load(x, rows: batch, cols: inputs) }
        // As `fit` and `Dataset` read batches: rows picked in a shuffled order from the whole training set, by its
        // index, with the batch's dense copy.
        var next = 0
        let indexed = trainingSet.map { set in
            secondsPerCall {
                if next + batch > set.order.count { next = 0 }
                _ = set.order.withUnsafeBufferPointer {
                    sparse.load(set.x, index: set.index, rowIndices: $0.baseAddress! + next, rows: batch, cols: inputs,
                                copyTo: x)
                }
                next += batch
            }
        }
        let denseForward = secondsPerCall {
            sgemm(transposeA: false, transposeB: false, m: batch, n: units, k: inputs, alpha: 1, a: x, lda: inputs,
                  b: w, ldb: units, beta: 0, c: y, ldc: units)
        }
        let denseGradient = secondsPerCall {
            sgemm(transposeA: true, transposeB: false, m: inputs, n: units, k: batch, alpha: 1, a: x, lda: inputs,
                  b: y, ldb: units, beta: 0, c: dw, ldc: units)
        }
        let rows = [("x·W", forward, denseForward), ("xᵀ·dz", gradient, denseGradient), ("load", loading, 0)]
            + (indexed.map { [("load ix", $0, 0.0)] } ?? [])
        for (name, seconds, dense) in rows {
            print(name.padding(toLength: 8, withPad: " ", startingAt: 0) + pad("\(batch)", 6) + pad("\(units)", 6)
                  + pad("\(inputs)", 7) + pad(name.hasPrefix("load") ? "-" : format(flops / seconds / 1e9), 10)
                  + pad(format(seconds * 1e6), 9) + pad(dense == 0 ? "-" : format(dense * 1e6), 10))
        }
    }
}
