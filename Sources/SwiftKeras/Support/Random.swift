import Foundation

/// A small, fast, seedable random generator (SplitMix64), so that the same seed gives the same weights,
/// shuffles and splits on every platform and with any number of threads.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose whole output is determined by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)` with 24 random bits.
    public mutating func nextUniform() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// A standard normal sample (Box-Muller), computed in Double for accuracy.
    public mutating func nextNormal() -> Float {
        let u1 = max(Double(next() >> 11) * 0x1p-53, .leastNonzeroMagnitude)
        let u2 = Double(next() >> 11) * 0x1p-53
        return Float((-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2))
    }

    /// A random permutation of `0..<count` (Fisher-Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var indices = Array(0..<count)
        if count > 1 {
            for i in stride(from: count - 1, to: 0, by: -1) {
                let j = Int(next() % UInt64(i + 1))
                indices.swapAt(i, j)
            }
        }
        return indices
    }
}

/// The process-wide random state that `setRandomSeed` resets (weight initializers and shuffles draw from it).
enum GlobalRandom {
    nonisolated(unsafe) static var generator = SeededGenerator(seed: 0x5EED_CAFE)
    private static let lock = NSLock()

    /// Draws a fresh 64-bit seed for one consumer (an initializer, an epoch's shuffle).
    static func nextSeed() -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        return generator.next()
    }

    static func reset(seed: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        generator = SeededGenerator(seed: seed)
    }
}

/// Makes weight initialization, shuffling and validation splits reproducible, like
/// `keras.utils.set_random_seed`.
public func setRandomSeed(_ seed: Int) {
    GlobalRandom.reset(seed: UInt64(bitPattern: Int64(seed)))
}
