/// The built-in optimizers rebuilt from Keras's optimizer config (`from_config`), with a learning rate that is a
/// number or a serialized schedule, and the gradient clipping.
extension CompileConfig {
    /// Keras's class names of the built-in optimizers.
    static let builtInOptimizerNames = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Nadam", "Adamax", "Adadelta", "Lion"]

    /// The built-in optimizer `className` from its `config`, or nil when no built-in optimizer has that name.
    static func builtInOptimizer(_ className: String, _ config: ConfigReader) throws -> (any Optimizer)? {
        guard builtInOptimizerNames.contains(className) else { return nil }
        let rateEntry = try config.member("learning_rate")
        let schedule = rateEntry.value.objectValue == nil ? nil : try LearningRateScheduleRegistry.decode(rateEntry)
        let rate = schedule == nil ? try rateEntry.float() : 0
        func number(_ key: String, _ fallback: Float) throws -> Float { try config.float(key, default: fallback) }
        func flag(_ key: String) throws -> Bool { try config.bool(key, default: false) }
        let optimizer: SlotOptimizer
        switch className {
        case "SGD":
            let momentum = try number("momentum", 0)
            guard (0...1).contains(momentum) else { throw config.failure("SGD momentum must be in [0, 1], got \(momentum)") }
            optimizer = SGD(learningRate: rate, momentum: momentum, nesterov: try flag("nesterov"))
        case "Adam":
            optimizer = Adam(learningRate: rate, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.999),
                             epsilon: try number("epsilon", 1e-7), amsgrad: try flag("amsgrad"))
        case "AdamW":
            optimizer = AdamW(learningRate: rate, weightDecay: try number("weight_decay", 0.004), beta1: try number("beta_1", 0.9),
                              beta2: try number("beta_2", 0.999), epsilon: try number("epsilon", 1e-7), amsgrad: try flag("amsgrad"))
        case "RMSprop":
            optimizer = RMSprop(learningRate: rate, rho: try number("rho", 0.9), momentum: try number("momentum", 0),
                                epsilon: try number("epsilon", 1e-7), centered: try flag("centered"))
        case "Adagrad":
            optimizer = Adagrad(learningRate: rate, initialAccumulatorValue: try number("initial_accumulator_value", 0.1),
                                epsilon: try number("epsilon", 1e-7))
        case "Nadam":
            optimizer = Nadam(learningRate: rate, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.999),
                              epsilon: try number("epsilon", 1e-7))
        case "Adamax":
            optimizer = Adamax(learningRate: rate, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.999),
                               epsilon: try number("epsilon", 1e-7))
        case "Adadelta":
            optimizer = Adadelta(learningRate: rate, rho: try number("rho", 0.95), epsilon: try number("epsilon", 1e-7))
        case "Lion":
            optimizer = Lion(learningRate: rate, beta1: try number("beta_1", 0.9), beta2: try number("beta_2", 0.99))
        default:
            return nil
        }
        optimizer.gradientClipping = try GradientClipping(config)
        if let problem = optimizer.gradientClipping.problem { throw config.failure("\(className) \(problem)") }
        if let schedule { optimizer.learningRateSchedule = schedule }
        return optimizer
    }
}
