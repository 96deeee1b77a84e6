import Foundation
import SIMDKernels

/// Records tensor operations so that gradients can be computed by reverse-mode differentiation,
/// like `tf.GradientTape`.
///
/// ```swift
/// let tape = GradientTape()
/// let loss = tape.record { (model(x) - y).squared().sum() / Float(x.shape[0]) }
/// let grads = tape.gradient(of: loss, wrt: model.trainableVariables)
/// optimizer.applyGradients(zip(grads, model.trainableVariables))
/// ```
/// Every `Variable` read inside `record` is watched automatically; other tensors can be watched with `watch`.
/// As in TensorFlow, a tape releases what it recorded after its first `gradient` call (so an optimizer can
/// then update the weights in place); create it with `persistent: true` to ask for gradients several times.
public final class GradientTape {
    nonisolated(unsafe) private static var stack: [GradientTape] = []
    nonisolated(unsafe) private static var nextID = 0

    /// The innermost tape that is recording, if any.
    static var active: GradientTape? { stack.last }

    let id: Int
    /// Whether the tape keeps its records after `gradient` so that it can be asked again.
    public let persistent: Bool
    private var released = false
    private var nodes: [TapeNode] = []
    private var variableNodes: [ObjectIdentifier: TapeNode] = [:]

    /// Creates an empty tape.
    ///
    /// - Parameter persistent: keep the records after the first `gradient` call (TensorFlow's `persistent`).
    public init(persistent: Bool = false) {
        self.persistent = persistent
        BufferReuse.configure()
        GradientTape.nextID += 1
        id = GradientTape.nextID
    }

    /// Runs `body` while recording its tensor operations on this tape and returns its result.
    ///
    /// Denormal numbers are flushed to zero while it runs, as TensorFlow's CPU threads compute (and many times
    /// faster once values decay below 1e-38).
    public func record<Result>(_ body: () throws -> Result) rethrows -> Result {
        GradientTape.stack.append(self)
        defer { GradientTape.stack.removeLast() }
        return try withDenormalsFlushedToZero(body)
    }

    /// Returns `tensor` marked as watched, so that `gradient(of:wrt:)` can differentiate with respect to it.
    public func watch(_ tensor: Tensor) -> Tensor {
        var watched = tensor.detached
        watched.node = append(inputs: [], backward: { _ in [] })
        return watched
    }

    /// The value of `variable` as a watched tensor (one node per variable and tape).
    func read(_ variable: Variable) -> Tensor {
        var value = variable.storedValue
        if let node = variableNodes[ObjectIdentifier(variable)] {
            value.node = node
        } else {
            let node = append(inputs: [], backward: { _ in [] })
            variableNodes[ObjectIdentifier(variable)] = node
            value.node = node
        }
        return value
    }

    func append(inputs: [TapeNode?], backward: @escaping (Tensor) -> [Tensor?]) -> TapeNode {
        let node = TapeNode(tapeID: id, index: nodes.count, inputs: inputs, backward: backward)
        nodes.append(node)
        return node
    }

    /// The gradients of `target` with respect to each variable (zeros for a variable `target` does not
    /// depend on). A non-scalar `target` is summed first, as TensorFlow does.
    public func gradient(of target: Tensor, wrt variables: [Variable]) -> [Tensor] {
        let sources = variables.map { variableNodes[ObjectIdentifier($0)] }
        return gradients(of: target, sources: sources, shapes: variables.map { $0.shape })
    }

    /// The gradients of `target` with respect to watched or recorded tensors.
    public func gradient(of target: Tensor, wrt tensors: [Tensor]) -> [Tensor] {
        let sources = tensors.map { $0.node?.tapeID == id ? $0.node : nil }
        return gradients(of: target, sources: sources, shapes: tensors.map { $0.shape })
    }

    /// The gradient of `target` with respect to one watched or recorded tensor.
    public func gradient(of target: Tensor, wrt tensor: Tensor) -> Tensor {
        gradient(of: target, wrt: [tensor])[0]
    }

    private func gradients(of target: Tensor, sources: [TapeNode?], shapes: [[Int]]) -> [Tensor] {
        require(!released, "GradientTape.gradient can only be called once on a non-persistent tape; create it with GradientTape(persistent: true)")
        defer {
            if !persistent {
                released = true
                nodes.forEach { $0.release() }
                nodes = []
                variableNodes = [:]
            }
        }
        guard let root = target.node, root.tapeID == id else {
            return shapes.map { Tensor(zeros: $0) }
        }
        return withDenormalsFlushedToZero { backpropagate(from: root, shape: target.shape, to: sources, shapes: shapes) }
    }

    /// Walks the nodes from `root` back to the first and sums the gradients reaching each node.
    private func backpropagate(from root: TapeNode, shape: [Int], to sources: [TapeNode?], shapes: [[Int]]) -> [Tensor] {
        // Backward passes compute plain tensors: nothing is recorded while they run.
        let saved = GradientTape.stack
        GradientTape.stack = []
        defer { GradientTape.stack = saved }

        var grads = [Tensor?](repeating: nil, count: root.index + 1)
        grads[root.index] = Tensor(ones: shape)
        for index in stride(from: root.index, through: 0, by: -1) {
            guard let upstream = grads[index] else { continue }
            let node = nodes[index]
            guard !node.inputs.isEmpty, let backward = node.backward else { continue }
            let inputGrads = backward(upstream)
            for (input, grad) in zip(node.inputs, inputGrads) {
                guard let input, let grad else { continue }
                if let existing = grads[input.index] {
                    grads[input.index] = existing + grad
                } else {
                    grads[input.index] = grad
                }
            }
        }
        return zip(sources, shapes).map { source, shape in
            guard let source, source.index < grads.count, let grad = grads[source.index] else {
                return Tensor(zeros: shape)
            }
            return grad.detached
        }
    }
}
