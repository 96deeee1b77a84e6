import XCTest
@testable import SwiftKeras

/// Fans and scales as Keras's `compute_fans` and variance-scaling initializers define them, for kernels of any rank.
final class InitializerTests: XCTestCase {
    func testFansFollowKerasForEveryRank() {
        XCTAssertTrue(Initializer.fans([]) == (1, 1))
        XCTAssertTrue(Initializer.fans([7]) == (7, 7))
        XCTAssertTrue(Initializer.fans([784, 128]) == (784, 128))
        // Conv1D kernel (k, in, out) and Conv2D kernel (kh, kw, in, out): receptive field times channels.
        XCTAssertTrue(Initializer.fans([5, 3, 8]) == (15, 40))
        XCTAssertTrue(Initializer.fans([3, 3, 32, 64]) == (288, 576))
    }

    /// Glorot uniform on a 3x3x32x64 kernel draws from ±√(6 / (288 + 576)); He uniform from ±√(6 / 288).
    func testConvolutionKernelLimits() {
        var generator = SeededGenerator(seed: 4)
        let glorot = Initializer.glorotUniform(shape: [3, 3, 32, 64], generator: &generator)
        let glorotLimit = Float((6.0 / 864.0).squareRoot())
        XCTAssertLessThanOrEqual(glorot.scalars.map(abs).max()!, glorotLimit)
        XCTAssertGreaterThan(glorot.scalars.map(abs).max()!, glorotLimit * 0.99)
        let he = Initializer.heUniform(shape: [3, 3, 32, 64], generator: &generator)
        let heLimit = Float((6.0 / 288.0).squareRoot())
        XCTAssertLessThanOrEqual(he.scalars.map(abs).max()!, heLimit)
        XCTAssertGreaterThan(he.scalars.map(abs).max()!, heLimit * 0.99)
    }
}
