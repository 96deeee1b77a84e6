/// Conversions between `.npy` arrays (from the Formats module, which knows nothing of tensors) and `Tensor`.
extension NumPyArray {
    /// Creates a float32 array holding a tensor's values.
    public init(_ tensor: Tensor) {
        self.init(shape: tensor.shape, float32Values: tensor.scalars)
    }

    /// The values as a Tensor of `shape`.
    public func tensor() -> Tensor { Tensor(shape: shape, scalars: floats()) }
}
