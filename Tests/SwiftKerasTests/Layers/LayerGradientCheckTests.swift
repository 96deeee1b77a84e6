import Foundation
import SIMDKernels
import XCTest
@testable import SwiftKeras

/// The image layers against central finite differences of Double-precision references written here: odd sizes,
/// stride 2 with `.same` padding, overlapping pooling windows, BatchNormalization in training.
extension GradientCheckTests {
    /// `[b, h, w, c]` index.
    private func at(_ shape: [Int], _ b: Int, _ i: Int, _ j: Int, _ c: Int) -> Int {
        ((b * shape[1] + i) * shape[2] + j) * shape[3] + c
    }

    /// The padding before and the output size of one axis, by Keras's rule.
    private func axis(_ n: Int, _ k: Int, _ s: Int, _ padding: Padding) -> (out: Int, before: Int) {
        if padding == .valid { return ((n - k) / s + 1, 0) }
        let out = (n + s - 1) / s
        return (out, Swift.max((out - 1) * s + k - n, 0) / 2)
    }

    func testConv2DMatchesFiniteDifferences() throws {
        let cases: [(shape: [Int], filters: Int, kernel: (Int, Int), strides: (Int, Int), padding: Padding)] = [
            ([2, 7, 5, 3], 4, (3, 3), (1, 1), .valid),
            ([1, 7, 6, 2], 3, (3, 3), (2, 2), .same),
            ([2, 5, 7, 1], 2, (2, 3), (2, 1), .same),
            ([1, 4, 4, 3], 5, (1, 1), (1, 1), .valid),
        ]
        for (shape, filters, kernelSize, strides, padding) in cases {
            let layer = Conv2D(filters, kernelSize: kernelSize, strides: strides, padding: padding)
            try layer.build(inputShape: Array(shape.dropFirst()))
            let x = random(shape), k = random(layer.kernel!.shape), b = random([filters])
            let rows = axis(shape[1], kernelSize.0, strides.0, padding), cols = axis(shape[2], kernelSize.1, strides.1, padding)
            let outShape = [shape[0], rows.out, cols.out, filters]
            check("conv2d \(shape) \(kernelSize) \(strides) \(padding)", [x, k, b], op: { inputs in
                convolution(inputs[0], inputs[1], inputs[2], Conv2DGeometry(
                    batch: shape[0], height: shape[1], width: shape[2], inChannels: shape[3], outChannels: filters,
                    kernelHeight: kernelSize.0, kernelWidth: kernelSize.1, strideH: strides.0, strideW: strides.1,
                    padding: padding.kernelPadding), .linear)
            }, reference: { v in
                var y = [Double](repeating: 0, count: outShape.reduce(1, *))
                for n in 0..<shape[0] { for i in 0..<rows.out { for j in 0..<cols.out { for o in 0..<filters {
                    var total = v[2][o]
                    for p in 0..<kernelSize.0 { for q in 0..<kernelSize.1 {
                        let r = i * strides.0 + p - rows.before, c = j * strides.1 + q - cols.before
                        guard r >= 0, r < shape[1], c >= 0, c < shape[2] else { continue }
                        for ch in 0..<shape[3] {
                            total += v[0][self.at(shape, n, r, c, ch)] * v[1][((p * kernelSize.1 + q) * shape[3] + ch) * filters + o]
                        }
                    } }
                    y[self.at(outShape, n, i, j, o)] = total
                } } } }
                return y
            })
        }
    }

    /// Max and average pooling, overlapping windows and `.same` borders; inputs without ties (tied maxima follow
    /// Keras's first-maximum rule, checked against `pooling.json`).
    func testPoolingMatchesFiniteDifferences() throws {
        let cases: [(shape: [Int], pool: (Int, Int), strides: (Int, Int), padding: Padding)] = [
            ([2, 7, 5, 3], (2, 2), (2, 2), .valid), ([1, 7, 7, 2], (3, 3), (2, 2), .same), ([2, 5, 6, 1], (2, 3), (1, 2), .same),
        ]
        for (shape, pool, strides, padding) in cases {
            let count = shape.reduce(1, *)
            // Distinct values a fixed step apart, shuffled: no ties, and maxima stay put under finite differences.
            let order = generator.permutation(count)
            let x = Tensor(shape: shape, scalars: order.map { Float($0) * 0.01 - 1 })
            let rows = axis(shape[1], pool.0, strides.0, padding), cols = axis(shape[2], pool.1, strides.1, padding)
            let outShape = [shape[0], rows.out, cols.out, shape[3]]
            for isMax in [true, false] {
                let layer: any Layer = isMax ? MaxPooling2D(poolSize: pool, strides: strides, padding: padding)
                    : AveragePooling2D(poolSize: pool, strides: strides, padding: padding)
                try layer.build(inputShape: Array(shape.dropFirst()))
                check("\(isMax ? "max" : "average") pooling \(shape) \(pool) \(strides) \(padding)", [x], op: { layer($0[0]) },
                      reference: { v in
                    var y = [Double](repeating: 0, count: outShape.reduce(1, *))
                    for n in 0..<shape[0] { for i in 0..<rows.out { for j in 0..<cols.out { for c in 0..<shape[3] {
                        var cells: [Double] = []
                        for p in 0..<pool.0 { for q in 0..<pool.1 {
                            let r = i * strides.0 + p - rows.before, s = j * strides.1 + q - cols.before
                            if r >= 0, r < shape[1], s >= 0, s < shape[2] { cells.append(v[0][self.at(shape, n, r, s, c)]) }
                        } }
                        y[self.at(outShape, n, i, j, c)] = isMax ? cells.max()! : cells.reduce(0, +) / Double(cells.count)
                    } } } }
                    return y
                })
            }
            for layer in [GlobalAveragePooling2D(), GlobalMaxPooling2D()] as [any Layer] {
                check("\(layer.className) \(shape)", [x], op: { layer($0[0]) }, reference: { v in
                    var y: [Double] = []
                    for n in 0..<shape[0] { for c in 0..<shape[3] {
                        var cells: [Double] = []
                        for r in 0..<shape[1] { for s in 0..<shape[2] { cells.append(v[0][self.at(shape, n, r, s, c)]) } }
                        y.append(layer is GlobalMaxPooling2D ? cells.max()! : cells.reduce(0, +) / Double(cells.count))
                    } }
                    return y
                })
            }
        }
    }

    func testBatchNormalizationInTrainingMatchesFiniteDifferences() throws {
        for shape in [[5, 3], [2, 3, 5, 4]] {
            let channels = shape.last!, rows = shape.reduce(1, *) / channels
            let x = random(shape, low: -2, high: 3), gamma = random([channels], low: 0.5, high: 2), beta = random([channels])
            let epsilon: Float = 0.001
            check("batch normalization \(shape)", [x, gamma, beta], tolerance: 5e-3, op: { v in
                var mean = Tensor(zeros: [channels]), variance = Tensor(zeros: [channels])
                for c in 0..<channels {
                    let column = (0..<rows).map { Double(v[0].scalars[$0 * channels + c]) }
                    let m = column.reduce(0, +) / Double(rows)
                    mean.scalars[c] = Float(m)
                    variance.scalars[c] = Float(column.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(rows))
                }
                return normalization(v[0], v[1], v[2], mean: mean, variance: variance, epsilon: epsilon, training: true)
            }, reference: { v in
                var y = [Double](repeating: 0, count: rows * channels)
                for c in 0..<channels {
                    let column = (0..<rows).map { v[0][$0 * channels + c] }
                    let m = column.reduce(0, +) / Double(rows)
                    let variance = column.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(rows)
                    for r in 0..<rows { y[r * channels + c] = v[1][c] * (column[r] - m) / (variance + Double(epsilon)).squareRoot() + v[2][c] }
                }
                return y
            })
        }
    }

    func testDropoutAndReLUVariantsMatchFiniteDifferences() throws {
        let x = random([3, 7], awayFromZero: true)
        let mask = Dropout(0.3, seed: 9)(Tensor(ones: [3, 7]), training: true)
        check("dropout", [x], op: { Dropout(0.3, seed: 9)($0[0], training: true) },
              reference: { v in zip(v[0], mask.scalars).map { $0 * Double($1) } })
        let relu = ReLU(maxValue: 0.6, negativeSlope: 0.1, threshold: 0.2)
        let away = Tensor(shape: [3, 7], scalars: x.scalars.map { value in
            [0.2, 0.6].contains { Swift.abs(value - $0) < 0.02 } ? value + 0.05 : value })
        check("relu with options", [away], op: { relu($0[0]) }, reference: { v in
            v[0].map { $0 >= 0.6 ? 0.6 : $0 > 0.2 ? $0 : 0.1 * ($0 - 0.2) }
        })
        let scores = random([2, 3, 5])
        check("softmax over axis 1", [scores], op: { Softmax(axis: 1)($0[0]) }, reference: { v in
            var y = v[0]
            for b in 0..<2 { for k in 0..<5 {
                let column = (0..<3).map { v[0][(b * 3 + $0) * 5 + k] }
                let top = column.max()!, total = column.map { Foundation.exp($0 - top) }.reduce(0, +)
                for i in 0..<3 { y[(b * 3 + i) * 5 + k] = Foundation.exp(column[i] - top) / total }
            } }
            return y
        })
    }
}
