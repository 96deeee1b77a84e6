import SwiftKeras

/// Labels, losses and metrics that disagree, and non-finite data.
let dataCases: [MisuseCase] = [
    // Integer labels with a one-hot loss: the loss decides, "accuracy" cannot make them sparse.
    MisuseCase("categorical_loss_integer_labels_accuracy", .error(["[8, 3]", "toCategorical"])) {
        try fitSmall(compiled(loss: .categoricalCrossentropy(), metrics: [.accuracy]))
    },
    MisuseCase("categorical_loss_integer_labels", .error(["[8, 3]"])) {
        try fitSmall(compiled(loss: .categoricalCrossentropy()))
    },
    MisuseCase("categorical_loss_sparse_accuracy", .error(["sparse_categorical_accuracy", "categorical_crossentropy"])) {
        try fitSmall(compiled(loss: .categoricalCrossentropy(), metrics: [.sparseCategoricalAccuracy]), inputs(8), oneHotLabels(8))
    },
    MisuseCase("categorical_loss_from_logits_integer_labels", .error(["[8, 3]"])) {
        try fitSmall(compiled(loss: .categoricalCrossentropy(fromLogits: true), metrics: [.accuracy]))
    },
    MisuseCase("sparse_loss_mse_metric", .error(["mean_squared_error", "sparse_categorical_crossentropy"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.meanSquaredError]))
    },
    MisuseCase("sparse_loss_mae_metric", .error(["mean_absolute_error", "class indices"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.meanAbsoluteError]))
    },
    MisuseCase("sparse_loss_binary_accuracy", .error(["binary_accuracy"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.binaryAccuracy]))
    },
    MisuseCase("sparse_loss_categorical_accuracy", .error(["categorical_accuracy"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.categoricalAccuracy]))
    },
    MisuseCase("sparse_loss_one_hot_labels", .error(["[8]", "[8, 3]"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy]), inputs(8), oneHotLabels(8))
    },
    MisuseCase("sparse_loss_label_out_of_range", .error(["label 3.0", "0..<3"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8), with(classLabels(8), 3, at: 5))
    },
    MisuseCase("sparse_loss_negative_label", .error(["label -1.0"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8), with(classLabels(8), -1, at: 2))
    },
    MisuseCase("sparse_loss_fractional_label", .error(["label 1.5"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8), with(classLabels(8), 1.5, at: 0))
    },
    MisuseCase("sparse_loss_nan_label", .error(["nan", "index 4"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8), with(classLabels(8), .nan, at: 4))
    },
    MisuseCase("sparse_loss_huge_label", .error(["3e+09", "0..<3"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), inputs(8), with(classLabels(8), 3e9, at: 1))
    },
    MisuseCase("mse_loss_sparse_accuracy_integer_labels", .error(["sparse_categorical_accuracy", "mean_squared_error"])) {
        try fitSmall(compiled(loss: .meanSquaredError, metrics: [.sparseCategoricalAccuracy]))
    },
    MisuseCase("mse_loss_integer_labels", .error(["[8, 3]"])) {
        try fitSmall(compiled(loss: .meanSquaredError))
    },
    MisuseCase("mae_loss_integer_labels", .error(["[8, 3]"])) {
        try fitSmall(compiled(loss: .meanAbsoluteError, metrics: [.meanAbsoluteError]))
    },
    MisuseCase("binary_loss_wrong_width", .error(["[8, 1]", "[8, 2]"])) {
        let model = Sequential([Dense(1, activation: .sigmoid, inputShape: [4])])
        model.compile(optimizer: Adam(), loss: .binaryCrossentropy(), metrics: [.binaryAccuracy])
        return try fitSmall(model, inputs(8), Tensor(zeros: [8, 2]))
    },
    MisuseCase("dense_only_images_sparse_loss", .error(["sparse_categorical_crossentropy", "(None, 28, 10)", "Flatten"])) {
        let model = Sequential([Dense(16, activation: .relu, inputShape: [28, 28]), Dense(10, activation: .softmax)])
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        return try fitSmall(model, inputs(8, [28, 28]), classLabels(8, classes: 10))
    },
    MisuseCase("dense_only_images_categorical_accuracy", .error(["(None, 28, 10)", "Flatten"])) {
        let model = Sequential([Dense(10, activation: .softmax, inputShape: [28, 28])])
        model.compile(optimizer: Adam(), loss: .categoricalCrossentropy(), metrics: [.categoricalAccuracy])
        return try fitSmall(model, inputs(8, [28, 28]), Tensor(zeros: [8, 28, 10]))
    },
    MisuseCase("custom_loss_conflicting_metrics", .error(["sparse_categorical_accuracy", "mean_squared_error"])) {
        let model = classifier()
        model.compile(optimizer: Adam(), loss: .custom { yTrue, yPred in (yPred - yTrue).squared().mean() },
                      metrics: [.sparseCategoricalAccuracy, .meanSquaredError])
        return try fitSmall(model)
    },
    MisuseCase("custom_loss_accuracy_label_out_of_range", .error(["label 7.0", "0..<3"])) {
        let model = classifier()
        model.compile(optimizer: Adam(), loss: .custom { _, yPred in yPred.mean() }, metrics: [.accuracy])
        return try fitSmall(model, inputs(8), with(classLabels(8), 7, at: 3))
    },
    MisuseCase("custom_loss_empty_labels", .error(["at least one value per sample"])) {
        let model = classifier()
        model.compile(optimizer: Adam(), loss: .custom { _, yPred in yPred.mean() })
        return try fitSmall(model, inputs(8), Tensor(zeros: [8, 0]))
    },
    MisuseCase("unregistered_loss", .error(["not registered", "no_such_loss"])) {
        try fitSmall(compiled(loss: .registered("no_such_loss")))
    },
    MisuseCase("evaluate_wrong_label_width", .error(["[8, 3]", "[8, 5]"])) {
        let model = compiled(loss: .categoricalCrossentropy(), metrics: [.accuracy])
        return "\(try model.evaluate(inputs(8), Tensor(zeros: [8, 5]), verbose: 0))"
    },
    MisuseCase("evaluate_label_out_of_range", .error(["evaluate", "label 9.0"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.accuracy])
        return "\(try model.evaluate(inputs(8), with(classLabels(8), 9, at: 7), verbose: 0))"
    },
    MisuseCase("evaluate_metric_conflict", .error(["mean_squared_error"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy(), metrics: [.meanSquaredError])
        return "\(try model.evaluate(inputs(8), classLabels(8), verbose: 0))"
    },
    MisuseCase("evaluate_count_mismatch", .error(["8 samples", "6"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy())
        return "\(try model.evaluate(inputs(8), classLabels(6), verbose: 0))"
    },
    MisuseCase("validation_data_wrong_label_width", .error(["validationData", "[4, 3]"])) {
        let model = compiled(loss: .categoricalCrossentropy())
        _ = try model.fit(inputs(8), oneHotLabels(8), validationData: (inputs(4), Tensor(zeros: [4, 2])), verbose: 0)
        return nil
    },
    MisuseCase("validation_data_wrong_input_shape", .error(["validationData", "[4, 5]"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy())
        _ = try model.fit(inputs(8), classLabels(8), validationData: (inputs(4, [5]), classLabels(4)), verbose: 0)
        return nil
    },
    MisuseCase("validation_data_count_mismatch", .error(["validationData", "4 samples"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy())
        _ = try model.fit(inputs(8), classLabels(8), validationData: (inputs(4), classLabels(3)), verbose: 0)
        return nil
    },
    MisuseCase("validation_data_label_out_of_range", .error(["validationData", "label 5.0"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy())
        _ = try model.fit(inputs(8), classLabels(8), validationData: (inputs(4), with(classLabels(4), 5, at: 0)), verbose: 0)
        return nil
    },
    // Non-finite values, checked once before any training.
    MisuseCase("fit_nan_x", .error(["x contains a non-finite value", "sample 2"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), with(inputs(8), .nan, at: 9))
    },
    MisuseCase("fit_infinite_x", .error(["x contains a non-finite value", "inf"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), with(inputs(8), .infinity, at: 0))
    },
    MisuseCase("fit_nan_y", .error(["y contains a non-finite value", "sample 1"])) {
        try fitSmall(compiled(loss: .meanSquaredError), inputs(8), with(oneHotLabels(8), .nan, at: 4))
    },
    MisuseCase("fit_infinite_y", .error(["y contains a non-finite value"])) {
        try fitSmall(compiled(loss: .categoricalCrossentropy()), inputs(8), with(oneHotLabels(8), -.infinity, at: 0))
    },
    MisuseCase("fit_nan_y_custom_loss", .error(["y contains a non-finite value"])) {
        let model = classifier()
        model.compile(optimizer: SGD(), loss: .custom { yTrue, yPred in (yPred - yTrue).squared().mean() })
        return try fitSmall(model, inputs(8), with(oneHotLabels(8), .nan, at: 7))
    },
    MisuseCase("validation_data_nan_x", .error(["validationData", "x contains a non-finite value"])) {
        let model = compiled(loss: .sparseCategoricalCrossentropy())
        _ = try model.fit(inputs(8), classLabels(8), validationData: (with(inputs(4), .nan, at: 3), classLabels(4)), verbose: 0)
        return nil
    },
    MisuseCase("validation_data_nan_y", .error(["validationData", "y contains a non-finite value"])) {
        let model = compiled(loss: .meanSquaredError)
        _ = try model.fit(inputs(8), oneHotLabels(8), validationData: (inputs(4), with(oneHotLabels(4), .nan, at: 3)), verbose: 0)
        return nil
    },
    MisuseCase("evaluate_nan_x", .error(["evaluate", "x contains a non-finite value"])) {
        "\(try compiled(loss: .sparseCategoricalCrossentropy()).evaluate(with(inputs(8), .nan, at: 30), classLabels(8), verbose: 0))"
    },
    MisuseCase("evaluate_infinite_y", .error(["evaluate", "y contains a non-finite value"])) {
        "\(try compiled(loss: .meanAbsoluteError).evaluate(inputs(8), with(oneHotLabels(8), .infinity, at: 1), verbose: 0))"
    },
    MisuseCase("predict_nan_x", .error(["predict", "x contains a non-finite value"])) {
        "\(try classifier().predict(with(inputs(8), .nan, at: 0), verbose: 0).shape)"
    },
    // Dataset.batched cannot throw (the API chains it without `try`): a batch size of 0 traps with a message.
    MisuseCase("dataset_batched_zero", .trap(["Dataset.batched", "at least 1", "got 0"])) {
        for _ in try Dataset(Tensor(zeros: [4, 2]), Tensor(zeros: [4])).batched(0) {}
        return nil
    },
]
