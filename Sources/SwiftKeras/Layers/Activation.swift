import SIMDKernels

/// An element-wise activation applied by a layer to its output.
public enum Activation: String, CaseIterable, Sendable {
    /// The identity, f(x) = x.
    case linear
    /// max(0, x).
    case relu
    /// 1 / (1 + e⁻ˣ).
    case sigmoid
    /// The hyperbolic tangent.
    case tanh
    /// e^{xᵢ} / Σⱼ e^{xⱼ} over the last axis.
    case softmax

    /// Applies the activation (differentiable).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .relu: return SwiftKeras.relu(x)
        case .sigmoid: return SwiftKeras.sigmoid(x)
        case .tanh: return SwiftKeras.tanh(x)
        case .softmax: return SwiftKeras.softmax(x)
        }
    }

    /// The element-wise kernel that applies this activation, or nil for softmax (a row operation).
    var kernel: KernelActivation? {
        switch self {
        case .linear: return .linear
        case .relu: return .relu
        case .sigmoid: return .sigmoid
        case .tanh: return .tanh
        case .softmax: return nil
        }
    }
}
