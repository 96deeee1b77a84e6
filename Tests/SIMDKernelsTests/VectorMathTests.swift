import Foundation
import XCTest
@testable import SIMDKernels

final class VectorMathTests: XCTestCase {
    /// Applies a unary op to a dense sweep of inputs and compares with the double-precision function in ulps.
    func sweep(_ op: UnaryOp, from low: Float, to high: Float, ulps: Double, _ f: (Double) -> Double) {
        let count = 20_001
        let x = (0..<count).map { low + (high - low) * Float($0) / Float(count - 1) }
        var y = [Float](repeating: 0, count: count)
        unary(op, x, &y, count: count)
        assertRelative(y, x.map { Double(Float(f(Double($0)))) }, ulps: ulps, "\(op)")
    }

    func testExpIsAccurateOverTheWholeFloatRange() {
        sweep(.exp, from: -103, to: 88.7, ulps: 2) { Foundation.exp($0) }
        sweep(.exp, from: -1, to: 1, ulps: 2) { Foundation.exp($0) }
    }

    func testExpSpecialValues() {
        let x: [Float] = [0, -.infinity, .infinity, 89, -104, -200, .nan, 88.72]
        var y = [Float](repeating: 1, count: x.count)
        unary(.exp, x, &y, count: x.count)
        XCTAssertEqual(Array(y[0..<6]), [1, 0, .infinity, .infinity, 0, 0])
        XCTAssertTrue(y[6].isNaN)
        XCTAssertTrue(y[7].isFinite)
    }

    func testLogIsAccurateFromDenormalsToHuge() {
        sweep(.log, from: 1e-3, to: 10, ulps: 2) { Foundation.log($0) }
        sweep(.log, from: 10, to: 3e38, ulps: 2) { Foundation.log($0) }
        let tiny: [Float] = [Float(bitPattern: 0x0001_1170), .leastNonzeroMagnitude, .leastNormalMagnitude, 1e-30]
        var y = [Float](repeating: 0, count: 4)
        unary(.log, tiny, &y, count: 4)
        assertRelative(y, tiny.map { Double(Float(Foundation.log(Double($0)))) }, ulps: 2)
    }

    func testLogSpecialValues() {
        let x: [Float] = [0, -1, .infinity, .nan, 1]
        var y = [Float](repeating: 1, count: x.count)
        unary(.log, x, &y, count: x.count)
        XCTAssertEqual(y[0], -.infinity)
        XCTAssertTrue(y[1].isNaN)
        XCTAssertEqual(y[2], .infinity)
        XCTAssertTrue(y[3].isNaN)
        XCTAssertEqual(y[4], 0)
    }

    func testTanhAndSigmoidAreAccurateAndSaturate() {
        sweep(.tanh, from: -10, to: 10, ulps: 3) { Foundation.tanh($0) }
        sweep(.tanh, from: -0.7, to: 0.7, ulps: 3) { Foundation.tanh($0) }
        sweep(.sigmoid, from: -80, to: 30, ulps: 3) { 1 / (1 + Foundation.exp(-$0)) }
        let x: [Float] = [-.infinity, .infinity, -200, 200]
        var y = [Float](repeating: 5, count: 4)
        unary(.tanh, x, &y, count: 4)
        XCTAssertEqual(y, [-1, 1, -1, 1])
        unary(.sigmoid, x, &y, count: 4)
        XCTAssertEqual(y, [0, 1, 0, 1])
    }
}
