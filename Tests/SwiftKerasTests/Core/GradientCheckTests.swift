import Foundation
import XCTest
@testable import SwiftKeras

/// Every differentiable operation, layer and loss against central finite differences of an independent
/// Double-precision reference: for L = Σ r ⊙ f(x) with random r, the tape's dL/dx must equal
/// (L(x + h) - L(x - h)) / 2h computed in Double, on shapes with odd sizes (1, 7, 33).
final class GradientCheckTests: XCTestCase {
    var generator = SeededGenerator(seed: 42)

    func random(_ shape: [Int], low: Float = -1, high: Float = 1, awayFromZero: Bool = false) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
            var value = low + (high - low) * generator.nextUniform()
            if awayFromZero && Swift.abs(value) < 0.05 { value += value < 0 ? -0.1 : 0.1 }
            return value
        })
    }

    /// Checks the gradient of Σ r ⊙ op(inputs) with respect to every input.
    func check(_ name: String, _ inputs: [Tensor], tolerance: Double = 2e-3,
                       op: ([Tensor]) -> Tensor, reference: ([[Double]]) -> [Double],
                       file: StaticString = #filePath, line: UInt = #line) {
        let outputCount = op(inputs).count
        let weights = (0..<outputCount).map { _ in Double(generator.nextUniform() * 2 - 1) }
        let weightTensor = Tensor(shape: op(inputs).shape, scalars: weights.map(Float.init))
        let tape = GradientTape()
        let watched = inputs.map { tape.watch($0) }
        let loss = tape.record { (op(watched) * weightTensor).sum() }
        let gradients = tape.gradient(of: loss, wrt: watched)
        let doubles = inputs.map { $0.scalars.map(Double.init) }
        func objective(_ values: [[Double]]) -> Double { zip(reference(values), weights).reduce(0) { $0 + $1.0 * $1.1 } }
        for (inputIndex, input) in doubles.enumerated() {
            for element in 0..<input.count {
                let h = 1e-6 * Swift.max(1, Swift.abs(input[element]))
                var plus = doubles, minus = doubles
                plus[inputIndex][element] += h
                minus[inputIndex][element] -= h
                let numeric = (objective(plus) - objective(minus)) / (2 * h)
                let analytic = Double(gradients[inputIndex].scalars[element])
                if Swift.abs(numeric - analytic) > tolerance * Swift.max(1, Swift.abs(numeric)) {
                    XCTFail("\(name): d/dx\(inputIndex)[\(element)] is \(analytic), finite differences give \(numeric)",
                            file: file, line: line)
                    return
                }
            }
        }
    }

    private let sizes = [1, 7, 33]

    func testArithmeticWithBroadcastingMatchesFiniteDifferences() {
        for n in sizes {
            let a = random([3, n]), b = random([3, n], low: 0.5, high: 2), row = random([n], low: 0.5, high: 2)
            check("add", [a, b], op: { $0[0] + $0[1] }, reference: { zip($0[0], $0[1]).map(+) })
            check("subtract row", [a, row], op: { $0[0] - $0[1] },
                  reference: { x in x[0].indices.map { x[0][$0] - x[1][$0 % n] } })
            check("multiply row reversed", [row, a], op: { $0[0] * $0[1] },
                  reference: { x in x[1].indices.map { x[0][$0 % n] * x[1][$0] } })
            check("divide", [a, b], op: { $0[0] / $0[1] }, reference: { zip($0[0], $0[1]).map(/) })
            check("divide by row", [a, row], op: { $0[0] / $0[1] },
                  reference: { x in x[0].indices.map { x[0][$0] / x[1][$0 % n] } })
            check("negate and scalars", [a], op: { 2 - (-$0[0] * 3 + 1) / 4 },
                  reference: { $0[0].map { 2 - (-$0 * 3 + 1) / 4 } })
            check("scalar over tensor", [b], op: { 1.5 / $0[0] }, reference: { $0[0].map { 1.5 / $0 } })
            let column = random([3, 1], low: 0.5, high: 2)
            check("multiply column (general broadcast)", [a, column], op: { $0[0] * $0[1] },
                  reference: { x in x[0].indices.map { x[0][$0] * x[1][$0 / n] } })
        }
    }

    func testElementwiseFunctionsMatchFiniteDifferences() {
        for n in sizes {
            let x = random([2, n], awayFromZero: true), positive = random([2, n], low: 0.2, high: 3)
            check("squared", [x], op: { $0[0].squared() }, reference: { $0[0].map { $0 * $0 } })
            check("sqrt", [positive], op: { $0[0].sqrt() }, reference: { $0[0].map { $0.squareRoot() } })
            check("exp", [x], op: { $0[0].exp() }, reference: { $0[0].map { Foundation.exp($0) } })
            check("log", [positive], op: { $0[0].log() }, reference: { $0[0].map { Foundation.log($0) } })
            check("abs", [x], op: { $0[0].abs() }, reference: { $0[0].map { Swift.abs($0) } })
            check("relu", [x], op: { relu($0[0]) }, reference: { $0[0].map { Swift.max(0, $0) } })
            check("sigmoid", [x], op: { sigmoid($0[0]) }, reference: { $0[0].map { 1 / (1 + Foundation.exp(-$0)) } })
            check("tanh", [x], op: { tanh($0[0]) }, reference: { $0[0].map { Foundation.tanh($0) } })
            check("clipped", [x], op: { $0[0].clipped(min: -0.5, max: 0.5) },
                  reference: { $0[0].map { Swift.min(Swift.max($0, -0.5), 0.5) } })
            let y = random([2, n], awayFromZero: true)
            check("maximum", [x, y], op: { $0[0].maximum($0[1]) }, reference: { zip($0[0], $0[1]).map { Swift.max($0, $1) } })
        }
    }

    func testSoftmaxAndLogSoftmaxMatchFiniteDifferences() {
        func softmaxReference(_ x: [Double], cols: Int, log: Bool) -> [Double] {
            stride(from: 0, to: x.count, by: cols).flatMap { start -> [Double] in
                let row = Array(x[start..<start + cols])
                let top = row.max()!
                let total = row.reduce(0) { $0 + Foundation.exp($1 - top) }
                return row.map { log ? $0 - top - Foundation.log(total) : Foundation.exp($0 - top) / total }
            }
        }
        for n in sizes {
            let x = random([3, n], low: -3, high: 3)
            check("softmax", [x], op: { softmax($0[0]) }, reference: { softmaxReference($0[0], cols: n, log: false) })
            check("logSoftmax", [x], op: { logSoftmax($0[0]) }, reference: { softmaxReference($0[0], cols: n, log: true) })
        }
    }

    func testReductionsAndShapeOperationsMatchFiniteDifferences() {
        for n in sizes {
            let x = random([3, n])
            check("sum", [x], op: { $0[0].sum() }, reference: { [$0[0].reduce(0, +)] })
            check("mean", [x], op: { $0[0].mean() }, reference: { [$0[0].reduce(0, +) / Double($0[0].count)] })
            check("sum axis 0", [x], op: { $0[0].sum(axis: 0) },
                  reference: { x in (0..<n).map { j in (0..<3).reduce(0) { $0 + x[0][$1 * n + j] } } })
            check("mean axis -1", [x], op: { $0[0].mean(axis: -1) },
                  reference: { x in (0..<3).map { i in x[0][(i * n)..<(i * n + n)].reduce(0, +) / Double(n) } })
            check("max axis 1", [x], op: { $0[0].max(axis: 1) },
                  reference: { x in (0..<3).map { i in x[0][(i * n)..<(i * n + n)].max()! } })
            check("transposed", [x], op: { $0[0].transposed() },
                  reference: { x in (0..<(3 * n)).map { k in x[0][(k % 3) * n + k / 3] } })
            check("reshaped", [x], op: { $0[0].reshaped(to: [-1]) }, reference: { $0[0] })
        }
    }

    func testMatmulMatchesFiniteDifferences() {
        for (m, k, n) in [(1, 1, 1), (7, 33, 1), (33, 7, 7), (2, 9, 33)] {
            let a = random([m, k]), b = random([k, n])
            check("matmul \(m)x\(k)x\(n)", [a, b], op: { matmul($0[0], $0[1]) }, reference: { x in
                (0..<(m * n)).map { index in
                    (0..<k).reduce(0) { $0 + x[0][(index / n) * k + $1] * x[1][$1 * n + index % n] }
                }
            })
        }
    }

    func testDenseLayerMatchesFiniteDifferencesForEveryActivation() throws {
        for activation in Activation.allCases {
            for (batch, inputs, units) in [(1, 1, 1), (7, 33, 7), (4, 7, 33)] {
                let layer = Dense(units, activation: activation)
                try layer.build(inputShape: [inputs])
                let x = random([batch, inputs], awayFromZero: true)
                let kernel = layer.kernel!.value, bias = random([units], low: -0.1, high: 0.1)
                check("Dense \(activation) \(batch)x\(inputs)x\(units)", [x, kernel, bias], op: { t in
                    try! layer.kernel!.assign(t[1].detached)
                    return denseProduct(t[0], t[1], t[2], activation.kernel ?? .linear).applyingSoftmax(activation == .softmax)
                }, reference: { v in
                    var out = [Double](repeating: 0, count: batch * units)
                    for r in 0..<batch {
                        for u in 0..<units {
                            var z = v[2][u]
                            for i in 0..<inputs { z += v[0][r * inputs + i] * v[1][i * units + u] }
                            switch activation {
                            case .linear, .softmax: out[r * units + u] = z
                            case .relu: out[r * units + u] = Swift.max(0, z)
                            case .sigmoid: out[r * units + u] = 1 / (1 + Foundation.exp(-z))
                            case .tanh: out[r * units + u] = Foundation.tanh(z)
                            }
                        }
                        if activation == .softmax {
                            let row = Array(out[(r * units)..<(r * units + units)]), top = row.max()!
                            let total = row.reduce(0) { $0 + Foundation.exp($1 - top) }
                            for u in 0..<units { out[r * units + u] = Foundation.exp(row[u] - top) / total }
                        }
                    }
                    return out
                })
            }
        }
    }

    func testLossesMatchFiniteDifferencesWithRespectToPredictions() {
        for classes in [1, 7, 33] where classes > 1 {
            let batch = 5
            let labels = Tensor((0..<batch).map { Float($0 % classes) })
            let oneHot = toCategorical(labels, numClasses: classes)
            let logits = random([batch, classes], low: -2, high: 2)
            let probabilities = softmax(logits).detached
            func crossentropy(_ p: [Double], normalize: Bool) -> [Double] {
                var total = 0.0
                for r in 0..<batch {
                    let row = Array(p[(r * classes)..<(r * classes + classes)])
                    let sum = normalize ? row.reduce(0, +) : 1
                    total -= Foundation.log(Swift.min(Swift.max(row[r % classes] / sum, 1e-7), 1 - 1e-7))
                }
                return [total / Double(batch)]
            }
            func logSoftmaxRows(_ z: [Double]) -> [Double] {
                stride(from: 0, to: z.count, by: classes).flatMap { start -> [Double] in
                    let row = Array(z[start..<start + classes]), top = row.max()!
                    let lse = top + Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - top) })
                    return row.map { $0 - lse }
                }
            }
            check("categorical from logits \(classes)", [logits], op: { Loss.categoricalCrossentropy(fromLogits: true)(oneHot, $0[0]) },
                  reference: { z in [-(0..<batch).reduce(0) { $0 + logSoftmaxRows(z[0])[$1 * classes + $1 % classes] } / Double(batch)] })
            check("sparse from logits \(classes)", [logits], op: { Loss.sparseCategoricalCrossentropy(fromLogits: true)(labels, $0[0]) },
                  reference: { z in [-(0..<batch).reduce(0) { $0 + logSoftmaxRows(z[0])[$1 * classes + $1 % classes] } / Double(batch)] })
            check("categorical on probabilities \(classes)", [probabilities], op: { Loss.categoricalCrossentropy()(oneHot, $0[0]) },
                  reference: { crossentropy($0[0], normalize: true) })
            check("sparse on probabilities \(classes)", [probabilities], op: { Loss.sparseCategoricalCrossentropy()(labels, $0[0]) },
                  reference: { crossentropy($0[0], normalize: true) })
            let target = random([batch, classes])
            check("mean squared error \(classes)", [logits], op: { Loss.meanSquaredError(target, $0[0]) }, reference: { p in
                [zip(p[0], target.scalars).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) } / Double(batch * classes)]
            })
            check("mean absolute error \(classes)", [logits], op: { Loss.meanAbsoluteError(target, $0[0]) }, reference: { p in
                [zip(p[0], target.scalars).reduce(0) { $0 + Swift.abs($1.0 - Double($1.1)) } / Double(batch * classes)]
            })
        }
    }
}

extension Tensor {
    fileprivate func applyingSoftmax(_ apply: Bool) -> Tensor { apply ? softmax(self) : self }
}
