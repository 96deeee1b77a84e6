// Matrix-product throughput of SIMDKernels.sgemm at the training shapes, one and all threads.
// Run: swift run -c release KernelBenchmark   (compare with: python3 Examples/KernelBenchmark/numpy_sgemm.py)

import Dispatch
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
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    var repeats = 1
    while true {
        let start = now()
        for _ in 0..<repeats { product() }
        if now() - start >= 0.02 { break }
        repeats *= 2
    }
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
