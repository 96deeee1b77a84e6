import SwiftKeras

/// The tutorial's reusable fully connected layer, `fcn_layer(inputs, in_dim, out_dim, activation)`:
/// Y = activation(inputs @ W + b) with W `[inDim, outDim]` drawn from a normal distribution truncated at two
/// standard deviations (σ = 0.1) and b `[outDim]` zeros.
///
/// - Parameters:
///   - inDim: the layer's input size (the previous layer's output size).
///   - outDim: the number of units.
///   - activation: applied to the affine output; `.linear` (the tutorial's `None`) returns logits.
func fcnLayer(_ inDim: Int, _ outDim: Int, activation: Activation = .linear) -> Dense {
    Dense(outDim, activation: activation, kernelInitializer: .truncatedNormal(mean: 0, stddev: 0.1),
          biasInitializer: .zeros, inputShape: [inDim])
}
