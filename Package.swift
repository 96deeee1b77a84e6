// swift-tools-version:6.2
import PackageDescription
import Foundation

// The kernels are always compiled with optimization (even in debug builds, so that `swift test` is fast)
// (whole-module optimization comes with release builds) and, unless SWIFTKERAS_PORTABLE=1 is set, for the CPU that builds them (`-march=native`): on x86-64 this
// turns SIMD8/SIMD16 arithmetic into AVX2/AVX-512 instructions and `addingProduct` into one FMA.
let portable = ProcessInfo.processInfo.environment["SWIFTKERAS_PORTABLE"] == "1"
let nativeFlags: [String] = portable ? [] : ["-Xcc", "-march=native"]
let kernelSettings: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"] + nativeFlags)]
let librarySettings: [SwiftSetting] = [.unsafeFlags(nativeFlags)]

let package = Package(
    name: "SwiftKeras",
    products: [
        .library(name: "SwiftKeras", targets: ["SwiftKeras"]),
        .library(name: "SIMDKernels", targets: ["SIMDKernels"]),
    ],
    targets: [
        .target(name: "SIMDKernels", swiftSettings: kernelSettings),
        .target(name: "SwiftKeras", dependencies: ["SIMDKernels"], swiftSettings: librarySettings),
        .testTarget(name: "SIMDKernelsTests", dependencies: ["SIMDKernels"], swiftSettings: librarySettings),
        .testTarget(name: "SwiftKerasTests", dependencies: ["SwiftKeras", "SIMDKernels"],
                    swiftSettings: librarySettings),
    ],
    swiftLanguageModes: [.v5]
)
