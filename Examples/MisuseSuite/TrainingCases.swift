import SwiftKeras

/// A case that compiles the classifier with `optimizer` and must throw `fragments` from fit, before training.
private func optimizerCase(_ name: String, _ fragments: [String], _ optimizer: @escaping () -> any Optimizer) -> MisuseCase {
    MisuseCase(name, .error(fragments)) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy(), optimizer: optimizer()))
    }
}

/// A case whose first Dense layer uses `initializer` for its kernel (or bias) and must throw from fit.
private func initializerCase(_ name: String, _ fragments: [String], bias: Bool = false,
                             _ initializer: Initializer) -> MisuseCase {
    MisuseCase(name, .error(fragments)) {
        let model = Sequential([Dense(3, activation: .softmax,
                                      kernelInitializer: bias ? .glorotUniform : initializer,
                                      biasInitializer: bias ? initializer : .zeros, inputShape: [4])])
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy())
        return try fitSmall(model)
    }
}

/// Optimizer and initializer arguments, and fit's own arguments.
let trainingCases: [MisuseCase] = [
    optimizerCase("adam_beta1_one", ["beta1", "[0, 1)", "1.0"]) { Adam(beta1: 1) },
    optimizerCase("adam_beta1_negative", ["beta1"]) { Adam(beta1: -0.1) },
    optimizerCase("adam_beta2_negative", ["beta2", "-0.5"]) { Adam(beta2: -0.5) },
    optimizerCase("adam_beta2_one", ["beta2"]) { Adam(beta2: 1) },
    optimizerCase("adam_epsilon_zero", ["epsilon", "> 0"]) { Adam(epsilon: 0) },
    optimizerCase("adam_epsilon_negative", ["epsilon"]) { Adam(epsilon: -1e-7) },
    optimizerCase("adam_epsilon_nan", ["epsilon"]) { Adam(epsilon: .nan) },
    optimizerCase("adam_learning_rate_nan", ["learning rate", "nan"]) { Adam(learningRate: .nan) },
    optimizerCase("adam_learning_rate_infinite", ["learning rate", "inf"]) { Adam(learningRate: .infinity) },
    optimizerCase("adam_learning_rate_negative", ["learning rate", "-0.001"]) { Adam(learningRate: -0.001) },
    optimizerCase("adam_amsgrad_beta1_one", ["beta1"]) { Adam(beta1: 1, amsgrad: true) },
    optimizerCase("adamw_weight_decay_negative", ["weightDecay"]) { AdamW(weightDecay: -1) },
    optimizerCase("adamw_weight_decay_nan", ["weightDecay"]) { AdamW(weightDecay: .nan) },
    optimizerCase("adamw_beta1_one", ["AdamW", "beta1"]) { AdamW(beta1: 1) },
    optimizerCase("rmsprop_rho_two", ["rho", "2.0"]) { RMSprop(rho: 2) },
    optimizerCase("rmsprop_rho_negative", ["rho"]) { RMSprop(rho: -0.1) },
    optimizerCase("rmsprop_epsilon_negative", ["RMSprop", "epsilon"]) { RMSprop(epsilon: -1) },
    optimizerCase("rmsprop_epsilon_zero", ["RMSprop", "epsilon"]) { RMSprop(epsilon: 0) },
    optimizerCase("rmsprop_momentum_two", ["RMSprop", "momentum"]) { RMSprop(momentum: 2) },
    optimizerCase("rmsprop_learning_rate_nan", ["learning rate"]) { RMSprop(learningRate: .nan) },
    optimizerCase("adagrad_accumulator_negative", ["initialAccumulatorValue", "-1.0"]) { Adagrad(initialAccumulatorValue: -1) },
    optimizerCase("adagrad_epsilon_zero", ["Adagrad", "epsilon"]) { Adagrad(initialAccumulatorValue: 0, epsilon: 0) },
    optimizerCase("adagrad_learning_rate_negative", ["learning rate"]) { Adagrad(learningRate: -1) },
    optimizerCase("sgd_momentum_two", ["SGD", "momentum", "2.0"]) { SGD(momentum: 2) },
    optimizerCase("sgd_momentum_negative", ["SGD", "momentum"]) { SGD(momentum: -0.5) },
    optimizerCase("sgd_nesterov_momentum_nan", ["SGD", "momentum"]) { SGD(momentum: .nan, nesterov: true) },
    optimizerCase("sgd_learning_rate_infinite", ["learning rate"]) { SGD(learningRate: -.infinity) },
    MisuseCase("learning_rate_set_to_nan_after_compile", .error(["learning rate", "nan"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy())
        model.optimizer!.learningRate = .nan
        return try fitSmall(model)
    },
    MisuseCase("evaluate_with_invalid_optimizer", .error(["beta1"])) {
        "\(try compiled(loss: .sparseCategoricalCrossentropy(), optimizer: Adam(beta1: 1)).evaluate(inputs(8), classLabels(8), verbose: 0))"
    },
    // Initializers whose parameters would make NaN or infinite weights.
    initializerCase("random_normal_stddev_nan", ["kernelInitializer", "stddev"], .randomNormal(mean: 0, stddev: .nan)),
    initializerCase("random_normal_mean_infinite", ["kernelInitializer", "mean"], .randomNormal(mean: .infinity, stddev: 1)),
    initializerCase("random_normal_stddev_negative", ["stddev"], .randomNormal(mean: 0, stddev: -1)),
    initializerCase("random_uniform_min_nan", ["min and max"], .randomUniform(min: .nan, max: 1)),
    initializerCase("random_uniform_max_infinite", ["min and max"], .randomUniform(min: 0, max: .infinity)),
    initializerCase("random_uniform_min_above_max", ["min 1.0", "max -1.0"], .randomUniform(min: 1, max: -1)),
    initializerCase("random_uniform_range_overflows", ["overflows"], .randomUniform(min: -3e38, max: 3e38)),
    initializerCase("truncated_normal_stddev_infinite", ["stddev"], .truncatedNormal(mean: 0, stddev: .infinity)),
    initializerCase("truncated_normal_mean_nan", ["mean"], .truncatedNormal(mean: .nan, stddev: 1)),
    initializerCase("bias_initializer_nan", ["biasInitializer"], bias: true, .randomNormal(mean: .nan, stddev: 1)),
    MisuseCase("conv2d_kernel_initializer_nan", .error(["Conv2D", "kernelInitializer"])) {
        let model = Sequential([Input(shape: [6, 6, 1]),
                                Conv2D(2, kernelSize: 3, kernelInitializer: .randomNormal(mean: 0, stddev: .nan)),
                                Flatten(), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy())
        return try fitSmall(model, inputs(8, [6, 6, 1]))
    },
    MisuseCase("build_with_nan_initializer", .error(["stddev"])) {
        let model = Sequential([Dense(3, kernelInitializer: .randomNormal(mean: 0, stddev: .nan))])
        try model.build(inputShape: [4])
        return nil
    },
    // Batch sizes: Int.max is a batch of everything; zero and negative sizes throw.
    MisuseCase("fit_batch_size_int_max", .works) {
        let history = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), batchSize: .max, verbose: 0)
        let loss = history.history["loss"]![0]
        return loss.isFinite ? "one step, loss \(loss)" : nil
    },
    MisuseCase("evaluate_batch_size_int_max", .works) {
        let loss = try compiled(loss: .sparseCategoricalCrossentropy()).evaluate(inputs(8), classLabels(8), batchSize: .max, verbose: 0)["loss"]!
        return loss.isFinite ? "loss \(loss)" : nil
    },
    MisuseCase("predict_batch_size_int_max", .works) {
        let shape = try classifier().predict(inputs(8), batchSize: .max, verbose: 0).shape
        return shape == [8, 3] ? "predictions of shape \(shape)" : nil
    },
    MisuseCase("fit_validation_batch_size_int_max", .works) {
        let history = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), batchSize: .max, validationSplit: 0.25, verbose: 0)
        let loss = history.history["val_loss"]![0]
        return loss.isFinite ? "val_loss \(loss)" : nil
    },
    MisuseCase("fit_batch_size_zero", .error(["batchSize", "0"])) { try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), batchSize: 0) },
    MisuseCase("fit_batch_size_negative", .error(["batchSize", "-5"])) { try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), batchSize: -5) },
    MisuseCase("evaluate_batch_size_zero", .error(["batchSize"])) {
        "\(try compiled(loss: .sparseCategoricalCrossentropy()).evaluate(inputs(8), classLabels(8), batchSize: 0, verbose: 0))"
    },
    MisuseCase("predict_batch_size_negative", .error(["batchSize"])) { "\(try classifier().predict(inputs(8), batchSize: -1, verbose: 0))" },
    // fit's other arguments.
    MisuseCase("fit_before_compile", .error(["compile"])) { try fitSmall(classifier()) },
    MisuseCase("evaluate_before_compile", .error(["compile"])) { "\(try classifier().evaluate(inputs(8), classLabels(8), verbose: 0))" },
    MisuseCase("fit_empty_x", .error(["at least one sample"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), Tensor(zeros: [0, 4]), Tensor(zeros: [0]))
    },
    MisuseCase("fit_scalar_x", .error(["at least one sample"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), Tensor(3), classLabels(1))
    },
    MisuseCase("fit_x_y_count_mismatch", .error(["8 samples", "5"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8), classLabels(5))
    },
    MisuseCase("fit_wrong_input_shape", .error(["(None, 4)", "[8, 6]"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8, [6]))
    },
    MisuseCase("fit_validation_split_one", .error(["validationSplit", "[0, 1)"])) {
        _ = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), validationSplit: 1, verbose: 0)
        return nil
    },
    MisuseCase("fit_validation_split_negative", .error(["validationSplit"])) {
        _ = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), validationSplit: -0.2, verbose: 0)
        return nil
    },
    MisuseCase("fit_validation_split_nan", .error(["validationSplit"])) {
        _ = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), validationSplit: .nan, verbose: 0)
        return nil
    },
    MisuseCase("fit_validation_split_leaves_nothing", .error(["validationSplit", "at least one"])) {
        _ = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), validationSplit: 0.95, verbose: 0)
        return nil
    },
    MisuseCase("fit_negative_epochs", .error(["epochs", "-3"])) { try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), epochs: -3) },
    MisuseCase("fit_zero_epochs", .error(["epochs"])) { try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), epochs: 0) },
    MisuseCase("fit_initial_epoch_past_epochs", .error(["initialEpoch"])) {
        _ = try compiled(loss: .sparseCategoricalCrossentropy()).fit(inputs(8), classLabels(8), epochs: 2, verbose: 0, initialEpoch: 5)
        return nil
    },
]
