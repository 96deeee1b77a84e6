import XCTest
@testable import SwiftKeras

/// Skipping zero inputs is exact: x·W and xᵀ·dz only lose terms that are zero. A batch with some all-zero
/// columns takes the compacted dense product; a batch with few nonzero entries (MNIST: about 19%) takes the
/// sparse product. Both are checked against the plain `matmul` formulation.
final class InputCompactionTests: XCTestCase {
    /// A batch whose columns 0, 5, 6, ... are zero in every row, like the background pixels of MNIST, and whose
    /// other entries are zero with probability `zeroFraction`.
    private func sparseBatch(rows: Int, cols: Int, zeroFraction: Float = 0.3) -> Tensor {
        var generator = SeededGenerator(seed: 5)
        return Tensor(shape: [rows, cols], scalars: (0..<(rows * cols)).map { index in
            let column = index % cols
            return column % 5 == 0 || column % 7 == 1 || generator.nextUniform() < zeroFraction ? 0 : generator.nextUniform()
        })
    }

    func testDenseLayerOnSparseInputsMatchesMatmulFormulation() throws {
        try checkDenseLayerAgainstMatmul(x: sparseBatch(rows: 9, cols: 100), expectSparse: false)
        try checkDenseLayerAgainstMatmul(x: sparseBatch(rows: 9, cols: 100, zeroFraction: 0.75), expectSparse: true)
        try checkDenseLayerAgainstMatmul(x: sparseBatch(rows: 150, cols: 300, zeroFraction: 0.75), expectSparse: true)
    }

    private func checkDenseLayerAgainstMatmul(x: Tensor, expectSparse: Bool, file: StaticString = #filePath,
                                              line: UInt = #line) throws {
        let cols = x.shape[1]
        let layer = Dense(70, activation: .relu)
        try layer.build(inputShape: [cols])
        try layer.bias!.assign(Tensor((0..<70).map { Float($0) * 0.01 - 0.05 }))
        XCTAssertEqual(PooledSparseInput(x) != nil, expectSparse, "sparse product", file: file, line: line)
        if !expectSparse {
            XCTAssertNotNil(CompactedColumns(x, kernel: layer.kernel!.value), "the batch should be compacted", file: file, line: line)
        }

        let tape = GradientTape()
        let fused = tape.record { (layer(x) * layer(x)).sum() }
        let fusedGrads = tape.gradient(of: fused, wrt: layer.weights)
        let reference = GradientTape()
        let plain = reference.record { () -> Tensor in
            let y = relu(matmul(x, layer.kernel!.value) + layer.bias!.value)
            return (y * y).sum()
        }
        let plainGrads = reference.gradient(of: plain, wrt: layer.weights)
        assertClose(fused.scalar, plain.scalar, relative: 1e-5, "loss")
        assertClose(fusedGrads[0], plainGrads[0], relative: 1e-5, absolute: 1e-5, "kernel gradient")
        assertClose(fusedGrads[1], plainGrads[1], relative: 1e-5, absolute: 1e-5, "bias gradient")
        // Rows of the kernel gradient for all-zero columns are exactly zero.
        for row in stride(from: 0, to: cols, by: 5) { XCTAssertEqual(fusedGrads[0][row].sum().scalar, 0, file: file, line: line) }
    }

    func testCompiledFitOnSparseInputsMatchesTapeLoopOnDenseFormulation() throws {
        try checkCompiledFitAgainstTapeLoop(x: sparseBatch(rows: 24, cols: 80))
        try checkCompiledFitAgainstTapeLoop(x: sparseBatch(rows: 24, cols: 80, zeroFraction: 0.75))
    }

    /// The engine reads a sparse batch straight from the training data (no copy); the weights after `fit` match
    /// the tape loop with plain matmul either way.
    private func checkCompiledFitAgainstTapeLoop(x: Tensor) throws {
        let y = Tensor((0..<24).map { Float($0 % 3) })
        func makeModel() -> Sequential {
            clearSession()
            setRandomSeed(8)
            return Sequential([Input(shape: [80]), Dense(6, activation: .relu), Dense(3, activation: .softmax)])
        }
        let compiled = makeModel()
        compiled.compile(optimizer: SGD(learningRate: 0.1), loss: .sparseCategoricalCrossentropy())
        try compiled.fit(x, y, epochs: 2, batchSize: 8, shuffle: false, verbose: 0)

        let manual = makeModel()
        let optimizer = SGD(learningRate: 0.1)
        let variables = manual.trainableVariables
        for _ in 0..<2 {
            for start in stride(from: 0, to: 24, by: 8) {
                let tape = GradientTape()
                let loss = tape.record { () -> Tensor in
                    let hidden = relu(matmul(x[start..<start + 8], variables[0].value) + variables[1].value)
                    let logits = matmul(hidden, variables[2].value) + variables[3].value
                    return Loss.sparseCategoricalCrossentropy(fromLogits: true)(y[start..<start + 8], logits)
                }
                optimizer.applyGradients(zip(tape.gradient(of: loss, wrt: variables), variables))
            }
        }
        for (index, (a, b)) in zip(compiled.getWeights(), manual.getWeights()).enumerated() {
            assertClose(a, b, relative: 1e-4, absolute: 1e-6, "weight \(index)")
        }
    }
}
