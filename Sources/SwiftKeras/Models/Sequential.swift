/// A linear stack of layers, like `keras.Sequential`.
///
/// ```swift
/// let model = Sequential([
///     Flatten(inputShape: [28, 28]),
///     Dense(128, activation: .relu),
///     Dense(10, activation: .softmax),
/// ])
/// model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.sparseCategoricalAccuracy])
/// let history = try model.fit(xTrain, yTrain, epochs: 5, batchSize: 64, validationSplit: 0.2)
/// ```
/// When the first layer declares an input shape (or an `Input` comes first) the weights are created at once;
/// otherwise on the first call or `fit`, from the data's shape.
public final class Sequential {
    /// The model's name (`sequential`, `sequential_1`, ...).
    public var name: String
    /// The layers in order (an `Input` declaration is not listed, as in Keras 3).
    public private(set) var layers: [any Layer] = []
    /// The per-sample input shape, once known.
    public private(set) var inputShape: [Int]?
    /// Set by a callback (e.g. `EarlyStopping`) to end `fit` after the current epoch.
    public var stopTraining = false
    /// The seed of `fit`'s per-epoch shuffles (epoch e uses a generator derived from it and e); drawn from the
    /// global random state when the model is created, saved with the model.
    public var shuffleSeed: UInt64
    /// An error a callback hit (e.g. a failed checkpoint write); `fit` throws it once the hook returns.
    var callbackError: (any Error)?
    /// Entries a callback adds to the current epoch's logs (Keras's callbacks write `logs["learning_rate"]`);
    /// `fit` merges them into the logs it records.
    var epochLogAdditions: [String: Float] = [:]

    var compiled: CompiledState?
    /// A mistake `add` found (an `Input` that is not first); `add` cannot throw, so `build`, `fit`, `evaluate`
    /// and `predict` throw it.
    var addError: SwiftKerasError?

    /// Creates a model from layers.
    ///
    /// - Parameters:
    ///   - layers: the layers, first to last; an `Input` may stand first.
    ///   - name: the model name; automatic when nil.
    public init(_ layers: [any Layer] = [], name: String? = nil) {
        self.name = name ?? LayerNames.unique("sequential")
        self.shuffleSeed = GlobalRandom.nextSeed()
        for layer in layers { add(layer) }
    }

    /// Appends a layer, building it at once when the model's input shape is known.
    public func add(_ layer: any Layer) {
        if let input = layer as? Input {
            guard layers.isEmpty && inputShape == nil else {
                if addError == nil {
                    addError = .invalidArgument("\(input.name) (Input) must be the first layer of \(name), but it comes after \(layers.count) layer(s)")
                }
                return
            }
            inputShape = input.shape
            if let first = input.shape.first(where: { $0 <= 0 }) {
                addError = .invalidArgument("\(input.name) (Input) needs positive sizes, got shape \(input.shape) (size \(first))")
            }
            return
        }
        if addError == nil, layers.contains(where: { $0.name == layer.name }) {
            addError = .invalidArgument(
                "All layers added to a Sequential model should have unique names. Name '\(layer.name)' is already the name of a layer in \(name); pass a unique name")
        }
        if layers.isEmpty, inputShape == nil, let declared = layer.declaredInputShape {
            inputShape = declared
        }
        layers.append(layer)
        if let inputShape {
            // A layer that cannot be built for this input (Conv2D on flat samples, a Dropout rate of 2) stays
            // unbuilt; `fit`, `evaluate`, `predict` and `build` throw its error.
            try? buildLayers(from: inputShape)
        }
    }

    /// Whether every layer has its weights.
    public var isBuilt: Bool { inputShape != nil && layers.allSatisfy(\.isBuilt) }

    /// Builds the layers for a per-sample input shape (done automatically by `add`, calls and `fit`).
    public func build(inputShape: [Int]) throws {
        if let addError { throw addError }
        if let emptyModelError { throw emptyModelError }
        if let known = self.inputShape, known != inputShape {
            throw SwiftKerasError.shapeMismatch(
                "\(name) expects inputs of shape \(kerasShapeString([nil] + known)), got \(kerasShapeString([nil] + inputShape))")
        }
        self.inputShape = inputShape
        try buildLayers(from: inputShape)
    }

    /// Keras's error for a model with no layers, which cannot be built, called, fitted or evaluated.
    var emptyModelError: SwiftKerasError? {
        guard layers.isEmpty else { return nil }
        return .notReady("Sequential model \(name) cannot be built because it has no layers. Call model.add(layer)")
    }

    private func buildLayers(from inputShape: [Int]) throws {
        guard !inputShape.isEmpty, inputShape.allSatisfy({ $0 > 0 }) else {
            throw SwiftKerasError.invalidArgument("\(name) needs an input shape of positive sizes, got \(inputShape)")
        }
        var shape = inputShape
        for layer in layers {
            if !layer.isBuilt { try layer.build(inputShape: shape) }
            shape = layer.computeOutputShape(inputShape: shape)
            guard shape.allSatisfy({ $0 > 0 }) else {
                throw SwiftKerasError.invalidArgument(
                    "\(layer.name) turns inputs of shape \(kerasShapeString([nil] + Array(inputShape))) into an empty output \(kerasShapeString([nil] + shape)); every size must be positive")
            }
        }
    }

    /// The per-sample output shape, once the input shape is known.
    public var outputShape: [Int]? {
        guard let inputShape else { return nil }
        return layers.reduce(inputShape) { $1.computeOutputShape(inputShape: $0) }
    }

    /// The forward pass, differentiable inside `GradientTape.record`.
    ///
    /// - Parameters:
    ///   - input: a batch, `[batch] + inputShape`.
    ///   - training: whether layers behave as in training (Dropout drops units, BatchNormalization uses the
    ///     batch's statistics); `fit` passes true, `evaluate` and `predict` false, as Keras does. A custom
    ///     training loop passes it itself: `model(x, training: true)`.
    public func callAsFunction(_ input: Tensor, training: Bool = false) -> Tensor {
        if let emptyModelError { requirementFailure(emptyModelError.message) }
        if !isBuilt {
            do { try build(inputShape: Array(input.shape.dropFirst())) } catch { fatalError("\(name)(x) with x of shape \(input.shape): \(error)") }
        }
        if let inputShape {
            require(Array(input.shape.dropFirst()) == inputShape,
                         "\(name) expects inputs of shape \(kerasShapeString([nil] + inputShape)), got \(input.shape)")
        }
        return layers.reduce(input) { $1($0, training: training) }
    }

    /// All weight variables in Keras order: kernel_1, bias_1, kernel_2, ...
    public var variables: [Variable] { layers.flatMap(\.weights) }

    /// The variables an optimizer trains, in Keras order.
    public var trainableVariables: [Variable] { layers.flatMap(\.trainableVariables) }

    /// The number of scalar weights.
    public func countParams() -> Int { layers.reduce(0) { $0 + $1.countParams() } }

    /// Copies of the weights in Keras order: kernel_1, bias_1, kernel_2, ...
    public func getWeights() -> [Tensor] { variables.map(\.storedValue) }

    /// Replaces the weights (Keras order); throws when the count or a shape differs.
    public func setWeights(_ weights: [Tensor]) throws {
        let targets = variables
        guard weights.count == targets.count else {
            throw SwiftKerasError.shapeMismatch(
                "setWeights got \(weights.count) tensors, \(name) has \(targets.count) weights: \(targets.map(\.shape))")
        }
        for (index, (tensor, variable)) in zip(weights, targets).enumerated() where tensor.shape != variable.shape {
            throw SwiftKerasError.shapeMismatch(
                "setWeights: weight \(index) (\(variable.name)) has shape \(variable.shape), got \(tensor.shape)")
        }
        for (tensor, variable) in zip(weights, targets) { variable.storedValue = tensor.detached }
    }
}
