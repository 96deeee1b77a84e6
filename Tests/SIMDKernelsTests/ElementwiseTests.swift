import Foundation
import XCTest
@testable import SIMDKernels

func referenceBinary(_ op: BinaryOp, _ a: Float, _ b: Float) -> Double {
    let x = Double(a), y = Double(b)
    switch op {
    case .add: return x + y
    case .subtract: return x - y
    case .multiply: return x * y
    case .divide: return x / y
    case .maximum: return x.isNaN || y.isNaN ? .nan : max(x, y)
    case .minimum: return x.isNaN || y.isNaN ? .nan : min(x, y)
    }
}

let allBinaryOps: [BinaryOp] = [.add, .subtract, .multiply, .divide, .maximum, .minimum]

final class ElementwiseTests: XCTestCase {
    func testBinaryMatchesReferenceOnEverySizeClass() {
        var random = TestRandom(seed: 3)
        for count in sizeClasses + [0] {
            let a = random.array(count), b = random.array(count, 0.5, 2)
            for op in allBinaryOps {
                var out = [Float](repeating: .nan, count: count)
                binary(op, a, b, &out, count: count)
                assertClose(out, (0..<count).map { referenceBinary(op, a[$0], b[$0]) }, relative: 1e-6, "\(op) \(count)")
            }
        }
    }

    func testBinaryWorksInPlace() {
        var a: [Float] = (0..<11).map(Float.init)
        let b = [Float](repeating: 2, count: 11)
        a.withUnsafeMutableBufferPointer { p in binary(.multiply, p.baseAddress!, b, p.baseAddress!, count: 11) }
        XCTAssertEqual(a, (0..<11).map { Float($0 * 2) })
    }

    func testMaximumAndMinimumPropagateNaN() {
        let a: [Float] = [.nan, 1, 2], b: [Float] = [0, .nan, 3]
        var out = [Float](repeating: 0, count: 3)
        binary(.maximum, a, b, &out, count: 3)
        XCTAssertTrue(out[0].isNaN && out[1].isNaN)
        XCTAssertEqual(out[2], 3)
        binary(.minimum, a, b, &out, count: 3)
        XCTAssertTrue(out[0].isNaN && out[1].isNaN)
        XCTAssertEqual(out[2], 2)
    }

    func testBroadcastRepeatsTheTrailingOperand() {
        var random = TestRandom(seed: 4)
        for period in [1, 3, 8, 10, 17] {
            let count = period * 5
            let a = random.array(count), b = random.array(period, 0.5, 2)
            for op in allBinaryOps {
                for reversed in [false, true] {
                    var out = [Float](repeating: .nan, count: count)
                    binaryBroadcast(op, a, count: count, b, period: period, reversed: reversed, &out)
                    let expected = (0..<count).map {
                        reversed ? referenceBinary(op, b[$0 % period], a[$0]) : referenceBinary(op, a[$0], b[$0 % period])
                    }
                    assertClose(out, expected, relative: 1e-6, "\(op) period=\(period) reversed=\(reversed)")
                }
            }
        }
    }

    func testScalarOperandOnEitherSide() {
        var random = TestRandom(seed: 5)
        for count in sizeClasses {
            let a = random.array(count, 0.5, 2)
            for op in allBinaryOps {
                for reversed in [false, true] {
                    var out = [Float](repeating: .nan, count: count)
                    binaryScalar(op, a, 1.5, reversed: reversed, &out, count: count)
                    let expected = (0..<count).map {
                        reversed ? referenceBinary(op, 1.5, a[$0]) : referenceBinary(op, a[$0], 1.5)
                    }
                    assertClose(out, expected, relative: 1e-6, "\(op) \(count) reversed=\(reversed)")
                }
            }
        }
    }

    func testAxpyAddsScaledInput() {
        var random = TestRandom(seed: 6)
        for count in sizeClasses {
            let x = random.array(count)
            var y = random.array(count)
            let expected = (0..<count).map { Double(y[$0]) + 0.5 * Double(x[$0]) }
            axpy(alpha: 0.5, x: x, y: &y, count: count)
            assertClose(y, expected, relative: 1e-6)
        }
    }

    func testUnaryMatchesReference() {
        var random = TestRandom(seed: 8)
        let ops: [(UnaryOp, (Double) -> Double)] = [
            (.negate, { -$0 }), (.square, { $0 * $0 }), (.sqrt, { $0.squareRoot() }), (.exp, { Foundation.exp($0) }),
            (.log, { Foundation.log($0) }), (.abs, { Swift.abs($0) }), (.relu, { max($0, 0) }),
            (.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }), (.tanh, { Foundation.tanh($0) }),
            (.sign, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }), (.reciprocal, { 1 / $0 }),
        ]
        for count in sizeClasses {
            let x = random.array(count, -4, 4)
            for (op, f) in ops {
                var y = [Float](repeating: .nan, count: count)
                unary(op, x, &y, count: count)
                assertClose(y, x.map { f(Double($0)) }, relative: 3e-7, "\(op) \(count)")
            }
        }
    }

    func testSignOfZeroIsZeroAndNaNStaysNaN() {
        let x: [Float] = [0, -0.0, .nan, -3, 5]
        var y = [Float](repeating: 7, count: 5)
        unary(.sign, x, &y, count: 5)
        XCTAssertEqual(Array(y[0..<2]), [0, 0])
        XCTAssertTrue(y[2].isNaN)
        XCTAssertEqual(Array(y[3...]), [-1, 1])
    }

    func testActivationsMatchReferenceInPlace() {
        var random = TestRandom(seed: 9)
        let refs: [(KernelActivation, (Double) -> Double)] = [
            (.linear, { $0 }), (.relu, { max($0, 0) }), (.sigmoid, { 1 / (1 + Foundation.exp(-$0)) }),
            (.tanh, { Foundation.tanh($0) }),
        ]
        for count in sizeClasses {
            let x = random.array(count, -6, 6)
            for (activation, f) in refs {
                var y = x
                y.withUnsafeMutableBufferPointer { applyActivation(activation, x: $0.baseAddress!, y: $0.baseAddress!, count: count) }
                assertClose(y, x.map { f(Double($0)) }, relative: 3e-7, "\(activation) \(count)")
            }
        }
    }

    func testActivationBackwardUsesDerivativeFromOutput() {
        var random = TestRandom(seed: 10)
        let derivatives: [(KernelActivation, (Double) -> Double)] = [
            (.linear, { _ in 1 }), (.relu, { $0 > 0 ? 1 : 0 }), (.sigmoid, { $0 * (1 - $0) }), (.tanh, { 1 - $0 * $0 }),
        ]
        for count in sizeClasses {
            var y = random.array(count, 0, 1)
            y[0] = 0
            let dy = random.array(count)
            for (activation, derivative) in derivatives {
                var dz = [Float](repeating: .nan, count: count)
                activationBackward(activation, output: y, gradient: dy, result: &dz, count: count)
                assertClose(dz, (0..<count).map { Double(dy[$0]) * derivative(Double(y[$0])) }, relative: 1e-6)
                var inPlace = dy
                inPlace.withUnsafeMutableBufferPointer {
                    activationBackward(activation, output: y, gradient: $0.baseAddress!, result: $0.baseAddress!, count: count)
                }
                assertBitIdentical(inPlace, dz)
            }
        }
    }
}
