// swift-tools-version:6.2
import Foundation
import PackageDescription

// The kernels are always compiled with optimization (even in debug builds, so that `swift test` is fast)
// (whole-module optimization comes with release builds) and, unless SWIFTKERAS_PORTABLE=1 is set, for the CPU that builds them (`-march=native`): on x86-64 this
// turns SIMD8/SIMD16 arithmetic into AVX2/AVX-512 instructions and `addingProduct` into one FMA.
// SWIFTKERAS_PORTABLE=1 targets x86-64-v3 (AVX2 + FMA, any x86-64 CPU since 2013) instead of the building CPU.
let portable = ProcessInfo.processInfo.environment["SWIFTKERAS_PORTABLE"] == "1"
#if arch(x86_64)
// A native build on a CPU with AVX-512 also selects the AVX-512 matrix kernel (12×32 and 12×16 tiles;
// `MatrixKernel.native`).
let cpuFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ") ?? []
let avx512 = !portable && cpuFlags.contains("avx512f")
let nativeFlags: [String] = ["-Xcc", portable ? "-march=x86-64-v3" : "-march=native"]
    + (avx512 ? ["-D", "SIMDKERNELS_AVX512"] : [])
#else
let nativeFlags: [String] = portable ? [] : ["-Xcc", "-mcpu=native"]
#endif
// `-wmo` lets the micro-kernels inline across files in debug builds too; `-num-threads` keeps one object file
// per source file, as debug builds expect.
let kernelSettings: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo", "-num-threads", "2"] + nativeFlags)]
let librarySettings: [SwiftSetting] = [.unsafeFlags(nativeFlags)]
// The file formats (inflate, CRC-32, SHA-256, .npy) are optimized in debug builds too, so that tests that load
// MNIST stay fast, but with `-O`, not `-Ounchecked`: their parsers read untrusted files and keep bounds checks.
let formatSettings: [SwiftSetting] = [.unsafeFlags(["-O", "-wmo", "-num-threads", "2"] + nativeFlags)]

let package = Package(
    name: "SwiftKeras",
    products: [
        .library(name: "SwiftKeras", targets: ["SwiftKeras"]),
        .library(name: "SIMDKernels", targets: ["SIMDKernels"]),
        .library(name: "Formats", targets: ["Formats"]),
    ],
    targets: [
        .target(name: "SIMDKernels", swiftSettings: kernelSettings),
        // gzip/DEFLATE, zip, .npy, PNG, JSON, checksums: the file formats, which know nothing of deep learning.
        .target(name: "Formats", swiftSettings: formatSettings),
        .target(name: "SwiftKeras", dependencies: ["SIMDKernels", "Formats"], swiftSettings: librarySettings),
        // The tutorials as example programs (`swift run -c release MNISTQuickstart`), sharing a small
        // command-line helper, and the kernel benchmark.
        .target(name: "ExampleSupport", dependencies: ["SwiftKeras"], path: "Examples/ExampleSupport",
                swiftSettings: librarySettings),
        .executableTarget(name: "GradientTapeMLP", dependencies: ["SwiftKeras", "ExampleSupport"],
                          path: "Examples/GradientTapeMLP", swiftSettings: librarySettings),
        .executableTarget(name: "GradientTapeAccuracy", dependencies: ["SwiftKeras", "ExampleSupport"],
                          path: "Examples/GradientTapeAccuracy", swiftSettings: librarySettings),
        .executableTarget(name: "CheckpointedMLP", dependencies: ["SwiftKeras", "ExampleSupport"],
                          path: "Examples/CheckpointedMLP", swiftSettings: librarySettings),
        .executableTarget(name: "SequentialRMSprop", dependencies: ["SwiftKeras", "ExampleSupport"],
                          path: "Examples/SequentialRMSprop", swiftSettings: librarySettings),
        .executableTarget(name: "MNISTQuickstart", dependencies: ["SwiftKeras", "ExampleSupport"],
                          path: "Examples/MNISTQuickstart", swiftSettings: librarySettings),
        .executableTarget(name: "ConvNet", dependencies: ["SwiftKeras", "ExampleSupport"],
                          path: "Examples/ConvNet", swiftSettings: librarySettings),
        // Issue 12's misuse suite: one user mistake per case, run one per process by Tests/misuse/run.sh.
        .executableTarget(name: "MisuseSuite", dependencies: ["SwiftKeras"], path: "Examples/MisuseSuite",
                          swiftSettings: librarySettings),
        .executableTarget(name: "KernelBenchmark", dependencies: ["SIMDKernels", "Formats"], path: "Examples/KernelBenchmark",
                          exclude: ["numpy_sgemm.py", "shapes.txt"], swiftSettings: librarySettings),
        .executableTarget(name: "TrainingBenchmark", dependencies: ["SwiftKeras", "SIMDKernels", "ExampleSupport"],
                          path: "Examples/TrainingBenchmark", exclude: ["compare_with_keras.py", "step_breakdown.py"],
                          swiftSettings: librarySettings),
        .testTarget(name: "SIMDKernelsTests", dependencies: ["SIMDKernels"], swiftSettings: librarySettings),
        .testTarget(name: "SwiftKerasTests", dependencies: ["SwiftKeras", "SIMDKernels"],
                    swiftSettings: librarySettings),
        // Builds every example (through these dependencies) and runs each one for an epoch on a few samples.
        .testTarget(name: "ExamplesTests",
                    dependencies: ["SwiftKeras", "GradientTapeMLP", "GradientTapeAccuracy", "CheckpointedMLP",
                                   "SequentialRMSprop", "MNISTQuickstart", "ConvNet", "TrainingBenchmark"],
                    swiftSettings: librarySettings),
    ],
    swiftLanguageModes: [.v5]
)
