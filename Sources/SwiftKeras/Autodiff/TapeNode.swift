/// One recorded operation on a `GradientTape`: the operation's inputs and its backward pass.
///
/// The backward closure lives beside the forward computation in each operation (micrograd's habit): it maps
/// the gradient of the loss with respect to the operation's output to the gradients with respect to its inputs.
final class TapeNode {
    /// The identity of the tape this node belongs to.
    let tapeID: Int
    /// The position on the tape: a node's inputs always have smaller indices.
    let index: Int
    /// The recorded nodes that produced the inputs (nil for inputs that need no gradient).
    private(set) var inputs: [TapeNode?]
    /// Maps the output gradient to one gradient per input (nil where none flows); nil once released.
    private(set) var backward: ((Tensor) -> [Tensor?])?

    init(tapeID: Int, index: Int, inputs: [TapeNode?], backward: @escaping (Tensor) -> [Tensor?]) {
        self.tapeID = tapeID
        self.index = index
        self.inputs = inputs
        self.backward = backward
    }

    /// Drops the closure and its captured tensors, so that weights it captured are uniquely owned again.
    func release() {
        inputs = []
        backward = nil
    }
}

extension Tensor {
    /// Attaches a backward pass to `result` when a tape is recording and one of `inputs` is on it.
    ///
    /// - Parameters:
    ///   - result: the forward result of the operation.
    ///   - inputs: the operation's tensor inputs, in the order `backward` returns their gradients.
    ///   - backward: maps the gradient of the output to the gradients of the inputs.
    /// - Returns: `result`, recorded on the active tape if it depends on watched values.
    static func recorded(_ result: Tensor, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard let tape = GradientTape.active else { return result }
        let parents = inputs.map { $0.node?.tapeID == tape.id ? $0.node : nil }
        guard parents.contains(where: { $0 != nil }) else { return result }
        var output = result
        output.node = tape.append(inputs: parents, backward: backward)
        return output
    }
}
