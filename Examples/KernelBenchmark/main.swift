// Matrix-product throughput of SIMDKernels.sgemm at the training shapes, one and all threads.
// Run: swift run -c release KernelBenchmark   (compare with: python3 Examples/KernelBenchmark/numpy_sgemm.py)
// `KernelBenchmark --convolutions` times only the Conv2D kernels (ConvolutionBenchmark.swift).

import Dispatch
import Foundation
import SIMDKernels

/// One benchmarked product: C[m×n] = op(A)·op(B) with inner dimension k.
struct Shape {
    let name: String
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool
}

/// The forward (NN), weight-gradient (TN) and input-gradient (NT) products of a dense layer.
func layerShapes(batch: Int, inputs: Int, units: Int) -> [Shape] {
    [Shape(name: "NN", m: batch, n: units, k: inputs, transposeA: false, transposeB: false),
     Shape(name: "TN", m: inputs, n: units, k: batch, transposeA: true, transposeB: false),
     Shape(name: "NT", m: batch, n: inputs, k: units, transposeA: false, transposeB: true)]
}

let shapes = layerShapes(batch: 64, inputs: 784, units: 128) + layerShapes(batch: 128, inputs: 784, units: 512)
    + layerShapes(batch: 200, inputs: 784, units: 512) + layerShapes(batch: 32, inputs: 784, units: 256)
    + layerShapes(batch: 200, inputs: 512, units: 256)

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

/// The number of back-to-back calls of `body` (a power of two) that take at least `seconds`, and their time.
func calibratedRepeats(atLeast seconds: Double, _ body: () -> Void) -> (repeats: Int, elapsed: Double) {
    var repeats = 1
    while true {
        let start = now()
        for _ in 0..<repeats { body() }
        let elapsed = now() - start
        if elapsed >= seconds { return (repeats, elapsed) }
        repeats *= 2
    }
}

/// Seconds per product over `runs` timed batches, each long enough (≥ 20 ms) to time reliably: the median and the
/// best batch (the best shows the kernel's speed when the machine is shared with other work).
func secondsPerProduct(_ s: Shape, threads: Int, runs: Int = 7) -> (median: Double, best: Double) {
    let a = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.k)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: s.k * s.n)
    let c = UnsafeMutablePointer<Float>.allocate(capacity: s.m * s.n)
    defer { a.deallocate(); b.deallocate(); c.deallocate() }
    for i in 0..<s.m * s.k { a[i] = Float(i % 17) * 0.01 - 0.08 }
    for i in 0..<s.k * s.n { b[i] = Float(i % 13) * 0.01 - 0.06 }
    KernelThreads.count = threads
    func product() {
        sgemm(transposeA: s.transposeA, transposeB: s.transposeB, m: s.m, n: s.n, k: s.k, alpha: 1,
              a: a, lda: s.transposeA ? s.m : s.k, b: b, ldb: s.transposeB ? s.k : s.n, beta: 0, c: c, ldc: s.n)
    }
    let repeats = calibratedRepeats(atLeast: 0.02, product).repeats
    var times: [Double] = []
    for _ in 0..<runs {
        let start = now()
        for _ in 0..<repeats { product() }
        times.append((now() - start) / Double(repeats))
    }
    times.sort()
    return (times[runs / 2], times[0])
}

let allThreads = KernelThreads.count
// `--kernel avx2` or `--kernel avx512` times that matrix kernel instead of the one the build targets.
if let index = CommandLine.arguments.firstIndex(of: "--kernel"), index + 1 < CommandLine.arguments.count {
    let name = CommandLine.arguments[index + 1]
    guard let kernel = MatrixKernel.allCases.first(where: { "\($0)" == name }) else {
        print("unknown kernel \(name); expected avx2 or avx512")
        exit(1)
    }
    MatrixKernel.current = kernel
}
print("matrix kernel: \(MatrixKernel.current.rawValue) (the build targets \(MatrixKernel.native))")
if CommandLine.arguments.contains("--convolutions") {
    benchmarkConvolutions(allThreads: allThreads)
    exit(0)
}
func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
func format(_ x: Double) -> String {
    let scaled = Int((x * 10).rounded())
    return "\(scaled / 10).\(scaled % 10)"
}
print("SIMDKernels sgemm GFLOP/s, median (best) of 7, 1 thread and \(allThreads) threads")
print("layout  " + pad("m", 5) + pad("n", 6) + pad("k", 6) + pad("1 thread", 16) + pad("\(allThreads) threads", 16))
for s in shapes {
    let flops = 2.0 * Double(s.m * s.n * s.k)
    let single = secondsPerProduct(s, threads: 1), multi = secondsPerProduct(s, threads: allThreads)
    func cell(_ t: (median: Double, best: Double)) -> String {
        pad(format(flops / t.median / 1e9) + " (" + format(flops / t.best / 1e9) + ")", 16)
    }
    print(s.name.padding(toLength: 8, withPad: " ", startingAt: 0) + pad("\(s.m)", 5) + pad("\(s.n)", 6)
          + pad("\(s.k)", 6) + cell(single) + cell(multi))
}
KernelThreads.count = allThreads

// The first layer's products on a sparse batch (MNIST-like: about 19% of the pixels nonzero, none near the border)
// with `SparseInput`, beside the dense product of the same shape. GFLOP/s counts the multiply-adds done.
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

print("\nSparseInput, the first layer's products on an MNIST-like batch (19% of the pixels nonzero, none at the border),")
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
    let denseForward = secondsPerCall {
        sgemm(transposeA: false, transposeB: false, m: batch, n: units, k: inputs, alpha: 1, a: x, lda: inputs,
              b: w, ldb: units, beta: 0, c: y, ldc: units)
    }
    let denseGradient = secondsPerCall {
        sgemm(transposeA: true, transposeB: false, m: inputs, n: units, k: batch, alpha: 1, a: x, lda: inputs,
              b: y, ldb: units, beta: 0, c: dw, ldc: units)
    }
    for (name, seconds, dense) in [("x·W", forward, denseForward), ("xᵀ·dz", gradient, denseGradient), ("load", loading, 0)] {
        print(name.padding(toLength: 8, withPad: " ", startingAt: 0) + pad("\(batch)", 6) + pad("\(units)", 6)
              + pad("\(inputs)", 7) + pad(name == "load" ? "-" : format(flops / seconds / 1e9), 10)
              + pad(format(seconds * 1e6), 9) + pad(dense == 0 ? "-" : format(dense * 1e6), 10))
    }
}

benchmarkConvolutions(allThreads: allThreads)
