/// The layer types `Sequential.load(from:)` can rebuild, by Keras class name: the built-in layers and those a
/// user registered (Keras's `register_keras_serializable`).
enum LayerRegistry {
    /// Every built-in layer type; a new layer adds itself here.
    static let builtIns: [any Layer.Type] = [
        Dense.self, Flatten.self, Dropout.self, Reshape.self, Rescaling.self, Softmax.self, ReLU.self,
        Conv2D.self, MaxPooling2D.self, AveragePooling2D.self, GlobalAveragePooling2D.self, GlobalMaxPooling2D.self,
        BatchNormalization.self,
    ]

    nonisolated(unsafe) private static var types: [String: any Layer.Type] =
        Dictionary(uniqueKeysWithValues: builtIns.map { ($0.className, $0) })

    /// Makes `type` loadable under its class name (replacing an earlier registration of that name).
    static func register(_ type: any Layer.Type) { types[type.className] = type }

    /// The type registered under `className`, if any.
    static func type(named className: String) -> (any Layer.Type)? { types[className] }

    /// The class names that can be loaded, sorted (for error messages).
    static var knownNames: [String] { types.keys.sorted() }
}

/// Registers a layer type of your own so that `Sequential.load(from:)` can rebuild it from its saved config with
/// `init(config:)`, like Keras's `@register_keras_serializable`. The type is saved under its `className`.
///
/// ```swift
/// registerLayer(Scale.self)
/// try model.save(to: "scaled.swiftkeras")
/// let restored = try Sequential.load(from: "scaled.swiftkeras")
/// ```
public func registerLayer(_ type: any Layer.Type) {
    LayerRegistry.register(type)
}
