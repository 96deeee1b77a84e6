"""Keras reference fixtures for the toolbox's losses and metric objects (issue 16), imported by generate.py.

- `toolbox_losses`: every new loss on several cases: the reduced value (Keras's default reduction,
  `sum_over_batch_size`), the per-sample values, and the gradient of the reduced loss with respect to y_pred.
- `toolbox_metrics`: Precision, Recall, AUC, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy and Mean,
  each fed several batches (`update_state`, some with `sample_weight`), with the `result()` after every batch.
- `toolbox_fit`: a two-layer binary classifier compiled with `metrics=[Precision(), Recall(), AUC()]` and
  trained with `fit(..., shuffle=False, validation_split=0.25)`: Keras's history and evaluate.
"""

import importlib
import sys

import numpy as np
import tensorflow as tf
import keras


def helpers():
    """generate.py's helpers: the running script when it is __main__ (importing it again would configure
    TensorFlow twice), else the imported module."""
    main = sys.modules.get("__main__")
    return main if hasattr(main, "two_layer_model") else importlib.import_module("generate")


def numpy(x):
    return keras.ops.convert_to_numpy(x)


LOSS_CLASSES = {
    "huber": lambda delta=1.0: keras.losses.Huber(delta=delta),
    "kl_divergence": lambda: keras.losses.KLDivergence(),
    "hinge": lambda: keras.losses.Hinge(),
    "squared_hinge": lambda: keras.losses.SquaredHinge(),
    "log_cosh": lambda: keras.losses.LogCosh(),
    "mean_squared_logarithmic_error": lambda: keras.losses.MeanSquaredLogarithmicError(),
    "mean_absolute_percentage_error": lambda: keras.losses.MeanAbsolutePercentageError(),
    "categorical_hinge": lambda: keras.losses.CategoricalHinge(),
    "poisson": lambda: keras.losses.Poisson(),
}

LOSS_FUNCTIONS = {
    "huber": keras.losses.huber, "kl_divergence": keras.losses.kl_divergence, "hinge": keras.losses.hinge,
    "squared_hinge": keras.losses.squared_hinge, "log_cosh": keras.losses.log_cosh,
    "mean_squared_logarithmic_error": keras.losses.mean_squared_logarithmic_error,
    "mean_absolute_percentage_error": keras.losses.mean_absolute_percentage_error,
    "categorical_hinge": keras.losses.categorical_hinge, "poisson": keras.losses.poisson,
}


def loss_and_gradient(name, arguments, y_true, y_pred):
    """The reduced loss, the per-sample values and d(loss)/d(y_pred)."""
    loss = LOSS_CLASSES[name](**arguments)
    prediction = tf.constant(y_pred)
    with tf.GradientTape() as tape:
        tape.watch(prediction)
        value = loss(tf.constant(y_true), prediction)
    gradient = tape.gradient(value, prediction)
    per_sample = LOSS_FUNCTIONS[name](tf.constant(y_true), prediction, **arguments)
    return np.float32(numpy(value)), numpy(per_sample), numpy(gradient)


def toolbox_losses(src):
    r = src.rng
    shape = (4, 3)
    regression_true = r.standard_normal(shape)
    regression_pred = r.standard_normal(shape)
    binary = r.randint(0, 2, size=shape).astype(np.float32)
    signs = 2 * r.randint(0, 2, size=shape).astype(np.float32) - 1
    scores = r.standard_normal(shape)
    distribution_true = r.dirichlet(np.ones(3), size=4)
    distribution_true[0] = [1, 0, 0]  # exact zeros: clipped to epsilon
    distribution_pred = r.dirichlet(np.ones(3), size=4)
    distribution_pred[1] = [0, 0.5, 0.5]  # a zero prediction: clipped to epsilon
    counts = r.poisson(2.0, size=shape).astype(np.float32)
    rates = r.uniform(0.1, 4, size=shape)
    positive_true = r.uniform(0, 3, size=shape)
    positive_true[0, 0] = 0  # log(max(0, eps) + 1)
    msle_pred = r.uniform(-0.5, 3, size=shape)  # negative predictions clip to epsilon
    mape_true = r.standard_normal(shape)
    mape_true[1, 2] = 0  # divided by epsilon
    one_hot_labels = np.eye(3, dtype=np.float32)[r.randint(0, 3, size=4)]
    large = regression_pred * 40  # log_cosh of |x| ~ 100: cosh overflows float32, the formula must not
    specs = [
        ("huber", {}, regression_true, regression_pred),
        ("huber", {"delta": 0.5}, regression_true, 2 * regression_pred),
        ("huber", {"delta": 2.0}, regression_true[:, :1].reshape(4), regression_pred[:, :1]),  # [n] against [n, 1]
        ("kl_divergence", {}, distribution_true, distribution_pred),
        ("hinge", {}, binary, scores),  # 0/1 labels become -1/1
        ("hinge", {}, signs, scores),
        ("squared_hinge", {}, binary, scores),
        ("squared_hinge", {}, signs, scores),
        ("log_cosh", {}, regression_true, regression_pred),
        ("log_cosh", {}, regression_true, large),
        ("mean_squared_logarithmic_error", {}, positive_true, msle_pred),
        ("mean_absolute_percentage_error", {}, mape_true, regression_pred),
        ("categorical_hinge", {}, one_hot_labels, scores),
        ("poisson", {}, counts, rates),
    ]
    cases = []
    for index, (name, arguments, y_true, y_pred) in enumerate(specs):
        case = src.case(index, loss=name, arguments=arguments)
        y_true = case.get("y_true", y_true)
        y_pred = case.get("y_pred", y_pred)
        value, per_sample, gradient = loss_and_gradient(name, arguments, y_true, y_pred)
        cases.append({"loss": name, "arguments": arguments, "y_true": y_true, "y_pred": y_pred, "value": value,
                      "per_sample": per_sample, "gradient": gradient})
    return {"cases": cases}


def reference_batches(case, keys):
    """The case's batches [[key values...]] from the reference file, or None without one (None stays None)."""
    if case.reference is None or "batches" not in case.reference:
        return None
    g = helpers()
    return [[None if b[k] is None else g.f32_arrays(g.from_json(b[k])) for k in keys] for b in case.reference["batches"]]


def run_metric(metric, batches):
    """result() after each update_state of `batches` [(y_true, y_pred, sample_weight or None)]."""
    results = []
    for y_true, y_pred, weight in batches:
        if weight is None:
            metric.update_state(y_true, y_pred)
        else:
            metric.update_state(y_true, y_pred, sample_weight=weight)
        results.append(np.float32(numpy(metric.result())))
    return results


def toolbox_metrics(src):
    r = src.rng

    def binary_batches(rows, columns, weighted, grid):
        batches = []
        for index in range(3):
            y_true = r.randint(0, 2, size=(rows, columns)).astype(np.float32)
            y_pred = r.uniform(0, 1, size=(rows, columns))
            if grid:  # ties: many equal predictions, exact 0, 0.5 and 1
                y_pred = np.round(y_pred * 4) / 4
            weight = r.uniform(0, 2, size=rows) if weighted and index != 1 else None
            batches.append((y_true, y_pred, weight))
        return batches

    def class_batches(rows, classes, sparse, ties):
        batches = []
        for index in range(3):
            labels = r.randint(0, classes, size=rows)
            y_pred = r.uniform(0, 1, size=(rows, classes))
            if ties:
                y_pred = np.round(y_pred * 2) / 2
            y_true = labels.astype(np.float32) if sparse else np.eye(classes, dtype=np.float32)[labels]
            batches.append((y_true, y_pred, r.uniform(0, 2, size=rows) if index == 2 else None))
        return batches

    specs = [
        ("Precision", {}, binary_batches(6, 1, False, True)),
        ("Precision", {"thresholds": 0.3}, binary_batches(5, 3, True, False)),
        ("Precision", {"top_k": 2}, binary_batches(5, 4, False, False)),
        ("Precision", {"class_id": 1}, binary_batches(6, 3, False, False)),
        ("Recall", {}, binary_batches(6, 1, False, True)),
        ("Recall", {"thresholds": 0.7}, binary_batches(5, 3, True, False)),
        ("Recall", {"top_k": 1, "class_id": 2}, binary_batches(6, 3, False, False)),
        ("AUC", {}, binary_batches(8, 1, False, True)),
        ("AUC", {}, binary_batches(7, 2, True, False)),
        ("AUC", {"num_thresholds": 5}, binary_batches(8, 1, True, True)),
        ("AUC", {"from_logits": True}, [(t, 4 * p - 2, w) for t, p, w in binary_batches(6, 1, False, False)]),
        ("AUC", {"curve": "PR"}, binary_batches(8, 1, True, True)),
        ("AUC", {"summation_method": "minoring"}, binary_batches(8, 1, False, True)),
        ("AUC", {"curve": "PR", "summation_method": "majoring"}, binary_batches(8, 1, False, False)),
        ("TopKCategoricalAccuracy", {}, class_batches(6, 10, False, False)),
        ("TopKCategoricalAccuracy", {"k": 2}, class_batches(6, 4, False, True)),
        ("SparseTopKCategoricalAccuracy", {}, class_batches(6, 10, True, False)),
        ("SparseTopKCategoricalAccuracy", {"k": 2}, class_batches(6, 4, True, True)),
    ]
    cases = []
    for index, (class_name, arguments, batches) in enumerate(specs):
        case = src.case(index, metric=class_name, arguments=arguments)
        batches = reference_batches(case, ["y_true", "y_pred", "sample_weight"]) or [helpers().f32_arrays([t, p, w]) for t, p, w in batches]
        results = run_metric(getattr(keras.metrics, class_name)(**arguments), batches)
        cases.append({"metric": class_name, "arguments": arguments,
                      "batches": [{"y_true": t, "y_pred": p, "sample_weight": w} for t, p, w in batches],
                      "results": results})
    values = [r.standard_normal(5), r.standard_normal((2, 3)), r.standard_normal(4)]
    weights = [None, r.uniform(0, 2, size=(2, 3)), r.uniform(0, 2, size=4)]
    given = reference_batches(src.case(len(specs), metric="Mean", arguments={}), ["values", "sample_weight"])
    if given:
        values, weights = [v for v, _ in given], [w for _, w in given]
    values, weights = helpers().f32_arrays(values), helpers().f32_arrays(weights)
    mean = keras.metrics.Mean()
    mean_results = []
    for v, w in zip(values, weights):
        mean.update_state(v, sample_weight=w)
        mean_results.append(np.float32(numpy(mean.result())))
    cases.append({"metric": "Mean", "arguments": {},
                  "batches": [{"values": v, "sample_weight": w} for v, w in zip(values, weights)],
                  "results": mean_results})
    return {"cases": cases}


def toolbox_fit(src):
    r = src.rng
    x = src.get("x", lambda: r.standard_normal((32, 8)))
    y = src.get("y", lambda: (x[:, :1] + 0.7 * r.standard_normal((32, 1)) > 0).astype(np.float32))
    initial = src.get("initial_weights", lambda: helpers().two_layer_weights(r, n_out=1))
    keras.utils.set_random_seed(src.seed)
    model = helpers().two_layer_model(initial, "sigmoid")
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=[keras.metrics.Precision(), keras.metrics.Recall(), keras.metrics.AUC()])
    history = model.fit(x, y, epochs=3, batch_size=8, shuffle=False, validation_split=0.25, verbose=0)
    scores = model.evaluate(x, y, batch_size=8, verbose=0, return_dict=True)
    return {"x": x, "y": y, "initial_weights": initial, "optimizer": {"Adam": {"learning_rate": 0.01}},
            "loss": "binary_crossentropy", "metrics": ["Precision", "Recall", "AUC"], "batch_size": 8, "epochs": 3,
            "validation_split": 0.25,
            "history": {k: [np.float32(v) for v in history.history[k]] for k in sorted(history.history)},
            "evaluate": {k: np.float32(scores[k]) for k in sorted(scores)}}


FIXTURES = {"toolbox_losses": toolbox_losses, "toolbox_metrics": toolbox_metrics, "toolbox_fit": toolbox_fit}
