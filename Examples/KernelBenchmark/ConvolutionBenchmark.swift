// Conv2D throughput at Keras's mnist_convnet shapes, beside sgemm at the shapes of the same products on an
// explicit im2col matrix (m = batch·outHeight·outWidth, k = kernelHeight·kernelWidth·inChannels, n = filters).

import SIMDKernels

/// One convolution of the benchmark.
struct ConvolutionCase {
    let name: String
    let geometry: Conv2DGeometry
}

/// mnist_convnet, batch 128: 28×28×1 → Conv 3×3×32 → 26×26×32 → MaxPooling 2 → 13×13×32 → Conv 3×3×64 → 11×11×64.
let convolutionCases = [
    ConvolutionCase(name: "conv1", geometry: Conv2DGeometry(batch: 128, height: 28, width: 28, inChannels: 1,
                                                            outChannels: 32, kernelHeight: 3, kernelWidth: 3,
                                                            padding: .valid)),
    ConvolutionCase(name: "conv2", geometry: Conv2DGeometry(batch: 128, height: 13, width: 13, inChannels: 32,
                                                            outChannels: 64, kernelHeight: 3, kernelWidth: 3,
                                                            padding: .valid)),
]

/// Median and best seconds per call of `body` over `runs` timed batches of at least 20 ms each.
func medianAndBest(runs: Int = 7, _ body: () -> Void) -> (median: Double, best: Double) {
    medianAndBest(runs: runs, body, between: { 0 }).ours
}

/// As `medianAndBest(runs:_:)`, with `between` called after each of our batches (a peer's batch, so that the two
/// alternate and share the host's load); returns our median and best, and the median and best of what `between`
/// returned (nil if it ever returned nil).
func medianAndBest(runs: Int = 7, _ body: () -> Void, between: () -> Double?)
    -> (ours: (median: Double, best: Double), theirs: (median: Double, best: Double)?)
{
    let repeats = calibratedRepeats(atLeast: 0.02, body).repeats
    var times: [Double] = [], theirs: [Double]? = []
    for _ in 0..<runs {
        body()  // untimed: wakes the worker threads after the peer's batch
        let start = now()
        for _ in 0..<repeats { body() }
        times.append((now() - start) / Double(repeats))
        if let t = between() { theirs?.append(t) } else { theirs = nil }
    }
    func summary(_ t: [Double]) -> (median: Double, best: Double) {
        let sorted = t.sorted()
        return (sorted[t.count / 2], sorted[0])
    }
    return (summary(times), theirs.map(summary))
}

/// Prints the GFLOP/s of the three convolution kernels and of the matching plain products, 1 and all threads.
func benchmarkConvolutions(allThreads: Int) {
    print("\nConv2D at mnist_convnet's shapes (batch 128), GFLOP/s, median (best) of 7, 1 thread and \(allThreads) threads;")
    print("\"sgemm\" rows: the same product on a ready im2col matrix (compare with numpy_sgemm.py)")
    print("kernel        " + pad("layout", 6) + pad("m", 7) + pad("n", 5) + pad("k", 7) + pad("1 thread", 16)
          + pad("\(allThreads) threads", 16))
    for convolution in convolutionCases {
        let g = convolution.geometry
        let (m, n, k) = (g.outputPixels, g.outChannels, g.patchSize)
        let inputCount = g.batch * g.height * g.width * g.inChannels
        let x = alignedFloats(inputCount, 0), dx = alignedFloats(inputCount, 0)
        let kernel = alignedFloats(k * n, 0), dKernel = alignedFloats(k * n, 0)
        let bias = alignedFloats(n, 0.01), dBias = alignedFloats(n, 0)
        let y = alignedFloats(m * n, 0), dy = alignedFloats(m * n, 0)
        let columns = alignedFloats(m * k, 0)
        defer { for p in [x, dx, kernel, dKernel, bias, dBias, y, dy, columns] { p.deallocate() } }
        for i in 0..<inputCount { x[i] = Float(i % 17) * 0.01 - 0.08 }
        for i in 0..<k * n { kernel[i] = Float(i % 13) * 0.01 - 0.06 }
        for i in 0..<m * n { dy[i] = Float(i % 11) * 0.01 - 0.05 }
        for i in 0..<m * k { columns[i] = Float(i % 7) * 0.01 - 0.03 }
        let rows: [(String, String, Int, Int, Int, () -> Void)] = [
            ("forward", "", m, n, k, { conv2DForward(g, x: x, kernel: kernel, bias: bias, activation: .relu, y: y) }),
            ("sgemm", "NN", m, n, k, {
                sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: columns, lda: k, b: kernel,
                      ldb: n, beta: 0, c: y, ldc: n)
            }),
            ("input grad", "", m, k, n, { conv2DInputGradient(g, dy: dy, kernel: kernel, dx: dx) }),
            ("sgemm", "NT", m, k, n, {
                sgemm(transposeA: false, transposeB: true, m: m, n: k, k: n, alpha: 1, a: dy, lda: n, b: kernel,
                      ldb: n, beta: 0, c: columns, ldc: k)
            }),
            ("kernel grad", "", k, n, m, {
                conv2DKernelGradient(g, x: x, dy: dy, dKernel: dKernel, dBias: dBias, accumulate: false)
            }),
            ("sgemm", "TN", k, n, m, {
                sgemm(transposeA: true, transposeB: false, m: k, n: n, k: m, alpha: 1, a: columns, lda: k, b: dy,
                      ldb: n, beta: 0, c: dKernel, ldc: n)
            }),
        ]
        for (name, layout, rm, rn, rk, body) in rows {
            let flops = 2.0 * Double(rm * rn * rk)
            var cells = ""
            for threads in [1, allThreads] {
                KernelThreads.count = threads
                let t = medianAndBest(body)
                cells += pad(format(flops / t.median / 1e9) + " (" + format(flops / t.best / 1e9) + ")", 16)
            }
            let label = (layout.isEmpty ? convolution.name + " " + name : "  " + name)
            print(label.padding(toLength: 14, withPad: " ", startingAt: 0) + pad(layout, 6) + pad("\(rm)", 7)
                  + pad("\(rn)", 5) + pad("\(rk)", 7) + cells)
        }
    }
    KernelThreads.count = allThreads
}
