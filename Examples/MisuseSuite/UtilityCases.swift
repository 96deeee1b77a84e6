import Foundation
import SwiftKeras

/// Callback arguments, one-hot encoding, the tape, the optimizer's raw API and tensor arithmetic in user code.
let utilityCases: [MisuseCase] = [
    MisuseCase("reduce_lr_factor_one", .error(["ReduceLROnPlateau", "factor", "1.0"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ReduceLROnPlateau(factor: 1)])
    },
    MisuseCase("reduce_lr_factor_above_one", .error(["ReduceLROnPlateau", "factor"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ReduceLROnPlateau(factor: 1.5)])
    },
    MisuseCase("reduce_lr_factor_negative", .error(["ReduceLROnPlateau", "factor"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ReduceLROnPlateau(factor: -0.5)])
    },
    MisuseCase("reduce_lr_factor_nan", .error(["ReduceLROnPlateau", "factor"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ReduceLROnPlateau(factor: .nan)])
    },
    MisuseCase("reduce_lr_negative_min_lr", .error(["ReduceLROnPlateau", "minLr"])) {
        try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ReduceLROnPlateau(minLr: -1)])
    },
    MisuseCase("model_checkpoint_save_freq_zero", .error(["saveFreq", "got 0"])) {
        let path = NSTemporaryDirectory() + "misuse-\(getpid()).swiftkeras"
        return try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ModelCheckpoint(filepath: path, saveFreq: 0)])
    },
    MisuseCase("model_checkpoint_save_freq_negative", .error(["saveFreq", "-2"])) {
        let path = NSTemporaryDirectory() + "misuse-\(getpid()).swiftkeras"
        return try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ModelCheckpoint(filepath: path, saveFreq: -2)])
    },
    MisuseCase("model_checkpoint_save_freq_unknown_string", .error(["saveFreq", "batch"])) {
        let path = NSTemporaryDirectory() + "misuse-\(getpid()).swiftkeras"
        return try fitSmall(compiled(loss: .sparseCategoricalCrossentropy()), callbacks: [ModelCheckpoint(filepath: path, saveFreq: "batch")])
    },
    // One-hot encoding: the throwing variant, and the API one trapping with the same message.
    MisuseCase("to_categorical_label_out_of_range", .trap(["toCategorical", "label 5.0", "0..<3"])) {
        _ = toCategorical(Tensor([0, 5, 1]), numClasses: 3)
        return nil
    },
    MisuseCase("to_categorical_huge_label", .trap(["toCategorical", "3e+09"])) {
        _ = toCategorical(Tensor([0, 3e9]))
        return nil
    },
    MisuseCase("validated_categorical_label_out_of_range", .error(["label 5.0", "index 1", "0..<3"])) {
        "\(try validatedCategorical(Tensor([0, 5, 1]), numClasses: 3).shape)"
    },
    MisuseCase("validated_categorical_huge_label", .error(["label 3e+09"])) {
        "\(try validatedCategorical(Tensor([0, 3e9])).shape)"
    },
    MisuseCase("validated_categorical_nan_label", .error(["label nan"])) {
        "\(try validatedCategorical(Tensor([0, .nan])).shape)"
    },
    MisuseCase("validated_categorical_infinite_label", .error(["label inf"])) {
        "\(try validatedCategorical(Tensor([.infinity, 1])).shape)"
    },
    MisuseCase("validated_categorical_negative_label", .error(["label -1.0"])) {
        "\(try validatedCategorical(Tensor([-1, 1])).shape)"
    },
    MisuseCase("validated_categorical_zero_classes", .error(["numClasses", "got 0"])) {
        "\(try validatedCategorical(Tensor(shape: [0], scalars: []), numClasses: 0).shape)"
    },
    MisuseCase("validated_categorical_too_many_classes", .error(["1 GiB", "numClasses"])) {
        "\(try validatedCategorical(Tensor((0..<1000).map { Float($0 % 3) }), numClasses: 1 << 20).shape)"
    },
    MisuseCase("validated_categorical_int_max_classes", .error(["1 GiB"])) {
        "\(try validatedCategorical(Tensor([0, 1]), numClasses: .max).shape)"
    },
    // The tape and the optimizer's raw API (non-throwing in the API): a trap with a clear message.
    MisuseCase("tape_gradient_twice", .trap(["GradientTape.gradient", "once", "persistent"])) {
        let model = classifier()
        let tape = GradientTape()
        let loss = tape.record { model(inputs(2)).sum() }
        _ = tape.gradient(of: loss, wrt: model.trainableVariables)
        _ = tape.gradient(of: loss, wrt: model.trainableVariables)
        return nil
    },
    MisuseCase("apply_gradients_mismatched_shapes", .trap(["[3]", "[4, 8]"])) {
        let model = classifier()
        SGD().applyGradients(zip([Tensor(zeros: [3])], model.trainableVariables))
        return nil
    },
    MisuseCase("apply_gradients_swapped_order", .trap(["[8]", "[4, 8]"])) {
        let model = classifier()
        let variables = model.trainableVariables
        Adam().applyGradients(zip(variables.map(\.value).reversed().dropFirst(2), variables))
        return nil
    },
    // Tensor arithmetic on mismatched shapes in user code: a trap naming both shapes.
    MisuseCase("tensor_add_mismatched_shapes", .trap(["[2, 3]", "[2, 4]"])) {
        _ = Tensor(zeros: [2, 3]) + Tensor(zeros: [2, 4])
        return nil
    },
    MisuseCase("tensor_multiply_mismatched_shapes", .trap(["[5]", "[3, 4]"])) {
        _ = Tensor(zeros: [3, 4]) * Tensor(zeros: [5])
        return nil
    },
    MisuseCase("matmul_mismatched_shapes", .trap(["[2, 3]", "[4, 5]"])) {
        _ = matmul(Tensor(zeros: [2, 3]), Tensor(zeros: [4, 5]))
        return nil
    },
    MisuseCase("reshape_to_wrong_count", .trap(["[2, 3]", "[4, 2]"])) {
        _ = Tensor(zeros: [2, 3]).reshaped(to: [4, 2])
        return nil
    },
    MisuseCase("tensor_shape_and_count_disagree", .trap(["[2, 2]", "3"])) {
        _ = Tensor(shape: [2, 2], scalars: [1, 2, 3])
        return nil
    },
    MisuseCase("tensor_row_out_of_range", .trap(["row 5", "[2, 3]"])) {
        _ = Tensor(zeros: [2, 3])[5]
        return nil
    },
    MisuseCase("sum_axis_out_of_range", .trap(["axis 3", "[2, 3]"])) {
        _ = Tensor(zeros: [2, 3]).sum(axis: 3)
        return nil
    },
    MisuseCase("loss_on_mismatched_shapes_in_user_code", .trap(["[4, 2]", "[4, 3]"])) {
        _ = Loss.meanSquaredError(Tensor(zeros: [4, 2]), Tensor(zeros: [4, 3]))
        return nil
    },
]
