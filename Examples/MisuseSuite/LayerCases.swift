import SwiftKeras

/// Compiles `model` for sparse labels and fits it on `x` (8 samples).
private func fitModel(_ model: Sequential, _ x: Tensor, classes: Int = 3) throws -> String? {
    model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy())
    return try fitSmall(model, x, classLabels(x.shape.first ?? 0, classes: classes))
}

/// Layers and models built with impossible shapes or arguments, weights of the wrong shape.
let layerCases: [MisuseCase] = [
    MisuseCase("flatten_input_shape_zero_then_dense", .error(["positive", "[0]"])) {
        try fitModel(Sequential([Flatten(inputShape: [0]), Dense(3, activation: .softmax)]), Tensor(zeros: [8, 0]))
    },
    MisuseCase("flatten_input_shape_with_zero_axis", .error(["positive", "[28, 0]"])) {
        try fitModel(Sequential([Flatten(inputShape: [28, 0]), Dense(3, activation: .softmax)]), Tensor(zeros: [8, 28, 0]))
    },
    MisuseCase("dense_zero_units", .error(["units >= 1", "got 0"])) {
        try fitModel(Sequential([Dense(0, inputShape: [4]), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("dense_negative_units", .error(["units >= 1", "-2"])) {
        try fitModel(Sequential([Dense(-2, inputShape: [4])]), inputs(8))
    },
    MisuseCase("dense_zero_units_built_from_data", .error(["units >= 1"])) {
        try fitModel(Sequential([Dense(8), Dense(0)]), inputs(8))
    },
    MisuseCase("dense_zero_units_build", .error(["units >= 1"])) {
        try Sequential([Dense(0)]).build(inputShape: [4])
        return nil
    },
    MisuseCase("input_shape_zero", .error(["Input", "positive", "[0]"])) {
        try fitModel(Sequential([Input(shape: [0]), Dense(3, activation: .softmax)]), Tensor(zeros: [8, 0]))
    },
    MisuseCase("input_shape_negative", .error(["Input", "positive", "-4"])) {
        try fitModel(Sequential([Input(shape: [-4]), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("input_shape_empty", .error(["positive sizes", "[]"])) {
        let model = Sequential([Input(shape: []), Dense(3, activation: .softmax)])
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy())
        return "\(try model.predict(Tensor(zeros: [8]), verbose: 0).shape)"
    },
    MisuseCase("input_not_first", .error(["Input", "first layer"])) {
        let model = Sequential([Dense(3, inputShape: [4])])
        model.add(Input(shape: [4]))
        return try fitModel(model, inputs(8))
    },
    MisuseCase("input_not_first_predict", .error(["first layer"])) {
        let model = Sequential([Dense(3), Input(shape: [4])])
        return "\(try model.predict(inputs(8), verbose: 0).shape)"
    },
    MisuseCase("predict_wrong_rank", .error(["(None, 4)", "[8, 4, 1]"])) {
        "\(try classifier().predict(inputs(8, [4, 1]), verbose: 0).shape)"
    },
    MisuseCase("predict_wrong_width", .error(["(None, 4)", "[8, 7]"])) {
        "\(try classifier().predict(inputs(8, [7]), verbose: 0).shape)"
    },
    MisuseCase("predict_empty", .error(["at least one sample"])) {
        "\(try classifier().predict(Tensor(zeros: [0, 4]), verbose: 0).shape)"
    },
    MisuseCase("build_different_input_shape", .error(["(None, 4)", "(None, 5)"])) {
        try classifier().build(inputShape: [5])
        return nil
    },
    MisuseCase("set_weights_wrong_count", .error(["setWeights", "3 tensors", "4 weights"])) {
        let model = classifier()
        try model.setWeights(Array(model.getWeights().prefix(3)))
        return nil
    },
    MisuseCase("set_weights_wrong_shape", .error(["setWeights", "[4, 8]", "[8, 4]"])) {
        let model = classifier()
        var weights = model.getWeights()
        weights[0] = Tensor(zeros: [8, 4])
        try model.setWeights(weights)
        return nil
    },
    MisuseCase("set_weights_before_build", .error(["setWeights", "1 tensors", "0 weights"])) {
        try Sequential([Dense(3)]).setWeights([Tensor(zeros: [4, 3])])
        return nil
    },
    MisuseCase("conv2d_flat_input", .error(["Conv2D", "[height, width, channels]"])) {
        try fitModel(Sequential([Input(shape: [16]), Conv2D(2, kernelSize: 3), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [16]))
    },
    MisuseCase("conv2d_kernel_larger_than_image", .error(["Conv2D"])) {
        try fitModel(Sequential([Input(shape: [4, 4, 1]), Conv2D(2, kernelSize: 5), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [4, 4, 1]))
    },
    MisuseCase("conv2d_zero_filters", .error(["Conv2D", "filters"])) {
        try fitModel(Sequential([Input(shape: [6, 6, 1]), Conv2D(0, kernelSize: 3), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [6, 6, 1]))
    },
    MisuseCase("conv2d_zero_strides", .error(["Conv2D", "strides"])) {
        try fitModel(Sequential([Input(shape: [6, 6, 1]), Conv2D(2, kernelSize: 3, strides: 0), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [6, 6, 1]))
    },
    MisuseCase("conv2d_negative_kernel", .error(["Conv2D", "kernel size"])) {
        try fitModel(Sequential([Input(shape: [6, 6, 1]), Conv2D(2, kernelSize: (3, -1)), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [6, 6, 1]))
    },
    MisuseCase("conv2d_predict_wrong_channels", .error(["(None, 6, 6, 1)", "[8, 6, 6, 3]"])) {
        let model = Sequential([Input(shape: [6, 6, 1]), Conv2D(2, kernelSize: 3)])
        return "\(try model.predict(inputs(8, [6, 6, 3]), verbose: 0).shape)"
    },
    MisuseCase("max_pooling_zero_pool", .error(["MaxPooling2D"])) {
        try fitModel(Sequential([Input(shape: [6, 6, 1]), MaxPooling2D(poolSize: (0, 2)), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [6, 6, 1]))
    },
    MisuseCase("max_pooling_flat_input", .error(["MaxPooling2D"])) {
        try fitModel(Sequential([Input(shape: [16]), MaxPooling2D(), Dense(3, activation: .softmax)]), inputs(8, [16]))
    },
    MisuseCase("average_pooling_window_too_large", .error(["AveragePooling2D"])) {
        try fitModel(Sequential([Input(shape: [2, 2, 1]), AveragePooling2D(poolSize: 3), Flatten(), Dense(3, activation: .softmax)]), inputs(8, [2, 2, 1]))
    },
    MisuseCase("global_pooling_flat_input", .error(["GlobalAveragePooling2D"])) {
        try fitModel(Sequential([Input(shape: [16]), GlobalAveragePooling2D(), Dense(3, activation: .softmax)]), inputs(8, [16]))
    },
    MisuseCase("dropout_rate_one", .error(["Dropout", "[0, 1)"])) {
        try fitModel(Sequential([Dense(8, inputShape: [4]), Dropout(1), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("dropout_rate_negative", .error(["Dropout"])) {
        try fitModel(Sequential([Dense(8, inputShape: [4]), Dropout(-0.5), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("batch_normalization_epsilon_zero", .error(["BatchNormalization", "epsilon"])) {
        try fitModel(Sequential([Dense(8, inputShape: [4]), BatchNormalization(epsilon: 0), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("batch_normalization_momentum_two", .error(["BatchNormalization", "momentum"])) {
        try fitModel(Sequential([Dense(8, inputShape: [4]), BatchNormalization(momentum: 2), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("reshape_wrong_size", .error(["Reshape"])) {
        try fitModel(Sequential([Reshape([3, 3], inputShape: [4]), Flatten(), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("reshape_two_unknown_axes", .error(["Reshape", "-1"])) {
        try fitModel(Sequential([Reshape([-1, -1], inputShape: [4]), Flatten(), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("reshape_zero_axis", .error(["Reshape"])) {
        try fitModel(Sequential([Reshape([0, 4], inputShape: [4]), Flatten(), Dense(3, activation: .softmax)]), inputs(8))
    },
    MisuseCase("softmax_output_width_mismatch", .error(["label 3.0", "0..<3"])) {
        try fitModel(classifier(), inputs(8), classes: 5)
    },
    // model(x) and layer(x) cannot throw (the API): a wrong shape traps with a message naming both shapes.
    MisuseCase("model_called_on_wrong_shape", .trap(["(None, 4)", "[2, 5]"])) {
        _ = classifier()(inputs(2, [5]))
        return nil
    },
    MisuseCase("model_called_on_wrong_rank", .trap(["(None, 4)", "[2, 4, 1]"])) {
        _ = classifier()(inputs(2, [4, 1]))
        return nil
    },
    MisuseCase("dense_layer_called_on_wrong_width", .trap(["[2, 5]"])) {
        let layer = Dense(3)
        try layer.build(inputShape: [4])
        _ = layer(inputs(2, [5]))
        return nil
    },
    MisuseCase("sequential_duplicate_layer_name", .error(["unique names", "'hidden'"])) {
        try fitModel(Sequential([Dense(4, inputShape: [4], name: "hidden"), Dense(3, activation: .softmax, name: "hidden")]), inputs(8))
    },
    MisuseCase("empty_sequential_fit", .error(["no layers", "model.add"])) { try fitModel(Sequential(), inputs(8)) },
    MisuseCase("empty_sequential_called", .trap(["no layers", "model.add"])) {
        _ = Sequential([Input(shape: [4])])(inputs(2))
        return nil
    },
    MisuseCase("loss_called_on_mismatched_shapes", .trap(["categorical_crossentropy", "[3, 1]", "[3, 3]"])) {
        _ = Loss.categoricalCrossentropy()(Tensor(ones: [3, 1]), Tensor(ones: [3, 3]))
        return nil
    },
    MisuseCase("loss_computed_on_mismatched_shapes", .error(["categorical_crossentropy", "[3, 1]", "[3, 3]"])) {
        "\(try Loss.categoricalCrossentropy().compute(Tensor(ones: [3, 1]), Tensor(ones: [3, 3])))"
    },
]
