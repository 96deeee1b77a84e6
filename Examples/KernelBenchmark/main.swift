// Matrix-product throughput of SIMDKernels.sgemm at the training shapes (shapes.txt), one and all threads, beside
// NumPy's sgemm (OpenBLAS) timed shape by shape in the same run when python3 with numpy is there.
// Run: swift run -c release KernelBenchmark [--kernel avx2|avx512]; `--convolutions` times the Conv2D kernels
// (ConvolutionBenchmark.swift). `python3 Examples/KernelBenchmark/numpy_sgemm.py` prints NumPy's table alone.

import Dispatch
import Foundation
import SIMDKernels

/// One benchmarked product: C[m×n] = op(A)·op(B) with inner dimension k, from `shapes.txt`.
struct Shape {
    let model: String, product: String, layout: String
    let m: Int, n: Int, k: Int
    var transposeA: Bool { layout == "TN" }
    var transposeB: Bool { layout == "NT" }
    var flops: Double { 2 * Double(m * n * k) }
}

/// The folder of this benchmark's sources, where `shapes.txt` and `numpy_sgemm.py` lie.
let benchmarkFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

/// The training shapes listed in `shapes.txt` (shared with numpy_sgemm.py).
func trainingShapes() -> [Shape] {
    guard let text = try? String(contentsOf: benchmarkFolder.appendingPathComponent("shapes.txt"), encoding: .utf8)
    else { print("cannot read \(benchmarkFolder.path)/shapes.txt"); exit(1) }
    return text.split(separator: "\n").compactMap { line in
        let f = line.split(separator: " ").map(String.init)
        guard !line.hasPrefix("#"), f.count == 6, let m = Int(f[3]), let n = Int(f[4]), let k = Int(f[5]) else { return nil }
        return Shape(model: f[0], product: f[1], layout: f[2], m: m, n: n, k: k)
    }
}

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
/// best batch (the best shows the kernel's speed when the machine is shared with other work). With a `peer`, its
/// batches of the same shape alternate with ours, and its median and best come back too.
func secondsPerProduct(_ s: Shape, threads: Int, peer: NumPyPeer?, runs: Int = 7)
    -> (ours: (median: Double, best: Double), theirs: (median: Double, best: Double)?)
{
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
    guard let peer, peer.prepare(s) else { return (medianAndBest(runs: runs, product), nil) }
    return medianAndBest(runs: runs, product, between: peer.batch)
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
// `--sparse` times only the sparse first-layer products (`--sparse --threads 1` on one thread; `--data DIR`: where
// MNIST's training images are, default ../shared/datasets/mnist).
let mnistFolder = CommandLine.arguments.firstIndex(of: "--data").flatMap {
    $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil
} ?? "../shared/datasets/mnist"
if CommandLine.arguments.contains("--sparse") {
    let threads = CommandLine.arguments.firstIndex(of: "--threads").flatMap {
        $0 + 1 < CommandLine.arguments.count ? Int(CommandLine.arguments[$0 + 1]) : nil
    }
    benchmarkSparseInput(allThreads: threads ?? allThreads, dataFolder: mnistFolder)
    exit(0)
}
if CommandLine.arguments.contains("--convolutions") {
    benchmarkConvolutions(allThreads: allThreads)
    exit(0)
}
func pad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
func format(_ x: Double) -> String {
    let scaled = Int((x * 10).rounded())
    return "\(scaled / 10).\(scaled % 10)"
}

// Every training shape, timed beside NumPy's sgemm (`numpy_sgemm.py --serve`, one process per thread count) in the
// same sitting: for each shape our timed batches and NumPy's alternate, so that the host's load falls on both.
// `--only seed004` (or `--only seed004/dense2/TN`) times only that model's (or product's) shapes.
let onlyModel = CommandLine.arguments.firstIndex(of: "--only").flatMap {
    $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil
}
let peers = [1, allThreads].map { NumPyPeer(threads: $0, script: benchmarkFolder.appendingPathComponent("numpy_sgemm.py")) }
print("sgemm GFLOP/s at the training shapes, median (best) of 7 batches, NumPy's batches alternating with ours;"
      + " \"% numpy\" = our median GFLOP/s over NumPy's"
      + (peers[0] == nil ? " (NumPy not available: python3 with numpy not found)" : " (NumPy \(peers[0]!.version))"))
for (t, threads) in [1, allThreads].enumerated() {
    print("\n\(threads) thread\(threads == 1 ? "" : "s")")
    print("model   product layout" + pad("m", 7) + pad("n", 6) + pad("k", 7) + pad("SwiftKeras", 16) + pad("NumPy", 16)
          + pad("% numpy", 9))
    var atLeast90 = 0, compared = 0
    for s in trainingShapes() where onlyModel == nil || s.model == onlyModel || "\(s.model)/\(s.product)/\(s.layout)" == onlyModel {
        let (ours, theirs) = secondsPerProduct(s, threads: threads, peer: peers[t])
        var line = s.model.padding(toLength: 8, withPad: " ", startingAt: 0)
            + s.product.padding(toLength: 8, withPad: " ", startingAt: 0) + s.layout.padding(toLength: 6, withPad: " ", startingAt: 0)
            + pad("\(s.m)", 7) + pad("\(s.n)", 6) + pad("\(s.k)", 7)
        func cell(_ t: (median: Double, best: Double)) -> String {
            pad(format(s.flops / t.median / 1e9) + " (" + format(s.flops / t.best / 1e9) + ")", 16)
        }
        line += cell(ours)
        if let theirs {
            let percent = theirs.median / ours.median * 100
            compared += 1
            if percent >= 90 { atLeast90 += 1 }
            line += cell(theirs) + pad("\(Int(percent.rounded()))%", 9)
        }
        print(line)
    }
    if compared > 0 { print("at 90% of NumPy or more: \(atLeast90) of \(compared) shapes") }
}
KernelThreads.count = allThreads
if onlyModel != nil { exit(0) }

benchmarkSparseInput(allThreads: allThreads, dataFolder: mnistFolder)
benchmarkConvolutions(allThreads: allThreads)
