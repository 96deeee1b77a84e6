#!/usr/bin/env python3
"""Regenerates the Keras reference fixtures that the Swift tests read (see Tests/Fixtures/README.md).

    python Tests/Fixtures/generate.py OUT_DIR [--seed 0] [--only NAME ...] [--inputs-from DIR]

Runs real Keras 3 on the TensorFlow backend (CPU, float32) and writes one JSON file per fixture into OUT_DIR,
in the format documented in ../shared/fixtures/keras/README.md: tensors as {"shape": [...], "values": [...]}
(row-major), their values as the shortest decimals that read back as the same float32, float32 scalars
(losses, histories) as Python's repr of them, as the convolutional files in the shared folder have them.

Inputs, weights and upstream gradients come from a numpy RandomState seeded with (seed, fixture name), so a
rerun, or a run of one fixture with --only, writes identical files. With --inputs-from DIR they are read
instead from the fixture files in DIR (for example ../shared/fixtures/keras), and only what Keras computes
from them is recomputed: compare the result with Tests/Fixtures/compare.py.

To add a fixture: write a function `def my_layer(src): ... return {...}` that draws its inputs with
`src.get(key, make)` (and `src.case(i)` for per-case inputs), computes Keras's outputs and returns the JSON
object, then list it in FIXTURES at the bottom.
"""

import argparse
import json
import math
import os
import sys
import time
import zlib

os.environ["KERAS_BACKEND"] = "tensorflow"  # the fixtures are TensorFlow's numbers, whatever the shell has set
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "-1")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

if keras.backend.backend() != "tensorflow":
    sys.exit(f"generate.py needs Keras's TensorFlow backend, not {keras.backend.backend()}")

# One thread: the same summation order on every run (and polite on a shared machine).
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()


# ---------------------------------------------------------------------------------------------------------
# JSON: tensors as {"shape", "values"}, float32 as shortest round-trip decimals, lists of numbers on one line.

def as_f32(array):
    return np.asarray(keras.ops.convert_to_numpy(array), dtype=np.float32)


def tensor(array):
    """A tensor object of the fixture format; its values print as the shortest float32 decimals."""
    a = as_f32(array)
    return {"shape": [int(n) for n in a.shape], "values": [np.float32(v) for v in a.ravel()]}


def to_json(value):
    """Arrays and Keras tensors (also in lists and dicts) to tensor objects; numpy scalars to floats and ints."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, np.ndarray) or tf.is_tensor(value) or hasattr(value, "numpy"):
        return tensor(value)
    if isinstance(value, np.floating):  # a float32 scalar (a loss, a metric): Python's repr of it, as Keras's files do
        return float(np.float32(value))
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    raise TypeError(f"cannot write {type(value)}")


def f32(value):
    """A float32 as the shortest decimal that reads back as the same float32 (numpy's str)."""
    value = np.float32(value)
    if not np.isfinite(value):
        raise ValueError(f"{value} is not a JSON number")
    return str(value)


def scalar_text(value):
    if value is None:
        return "null"
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, np.float32):
        return f32(value)
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise ValueError(f"{value} is not a JSON number")
        return repr(float(value))
    if isinstance(value, str):
        return json.dumps(value)
    raise TypeError(f"cannot write {type(value)}")


def is_scalar(value):
    return not isinstance(value, (dict, list, tuple))


def dumps(value, indent=0):
    """JSON with one space per level (like json.dump(indent=1)), lists of scalars on one line."""
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{json.dumps(str(k))}: {dumps(v, indent + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    if isinstance(value, (list, tuple)):
        if all(is_scalar(v) for v in value):
            return "[" + ", ".join(scalar_text(v) for v in value) + "]"
        items = [pad + dumps(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    return scalar_text(value)


# ---------------------------------------------------------------------------------------------------------
# Where inputs come from.

def from_json(value):
    """Tensor objects (also in lists) to float32 arrays."""
    if isinstance(value, dict) and set(value) == {"shape", "values"}:
        return np.asarray(value["values"], dtype=np.float32).reshape(value["shape"])
    if isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        return [from_json(v) for v in value]
    return value


def f32_arrays(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [f32_arrays(v) for v in value]
    return np.asarray(value, dtype=np.float32)


class Source:
    """A fixture's inputs: drawn from `rng`, or, where `reference` (the same object of an existing fixture
    file) holds the key, read from it. The generator is drawn from either way, so the draws that follow do
    not depend on what the reference holds."""

    def __init__(self, name, rng, reference=None, seed=0):
        self.name, self.rng, self.reference, self.seed = name, rng, reference, seed

    def get(self, key, make):
        """The input `key`: `make()` (a value or a callable of no arguments) or the reference's, as float32."""
        made = make() if callable(make) else make
        if self.reference is not None and key in self.reference:
            return f32_arrays(from_json(self.reference[key]))
        return f32_arrays(made)

    def case(self, index, section="cases", **identity):
        """The source of case `index` in list `section`; `identity` (the case's configuration) must match
        the reference case's entries of the same names."""
        reference = None
        if self.reference is not None:
            cases = self.reference.get(section, [])
            if index >= len(cases):
                raise SystemExit(f"{self.name}: the reference has no {section}[{index}]")
            reference = cases[index]
            for key, value in identity.items():
                if key in reference and json.loads(dumps(to_json(value))) != reference[key]:
                    raise SystemExit(f"{self.name}: {section}[{index}].{key} is {reference[key]!r} in the reference, "
                                     f"{value!r} here")
        return Source(f"{self.name}.{section}[{index}]", self.rng, reference, self.seed)

    def shared_rng(self, name):
        """A generator for inputs that several fixtures share (the two-layer model's weights)."""
        return rng_for(self.seed, name)


def rng_for(seed, name):
    return np.random.RandomState([seed, zlib.crc32(name.encode())])


# ---------------------------------------------------------------------------------------------------------
# Helpers.

def numpy(x):
    return keras.ops.convert_to_numpy(x)


def two_layer_weights(rng, n_in=8, n_hidden=6, n_out=4):
    """[kernel_1, bias_1, kernel_2, bias_2] of the two-layer model."""
    return [0.5 * rng.standard_normal((n_in, n_hidden)), 0.1 * rng.standard_normal(n_hidden),
            0.5 * rng.standard_normal((n_hidden, n_out)), 0.1 * rng.standard_normal(n_out)]


def two_layer_model(weights, last_activation):
    """Input(n_in) -> Dense(n_hidden, relu) -> Dense(n_out, last_activation) with `weights`."""
    keras.backend.clear_session()
    model = keras.Sequential([
        keras.Input((weights[0].shape[0],)),
        keras.layers.Dense(weights[0].shape[1], activation="relu"),
        keras.layers.Dense(weights[2].shape[1], activation=last_activation),
    ])
    model.set_weights(weights)
    return model


def one_hot(labels, classes):
    return np.eye(classes, dtype=np.float32)[np.asarray(labels, dtype=np.int64)]


LOSSES = {
    "mean_squared_error": lambda **_: keras.losses.MeanSquaredError(),
    "mean_absolute_error": lambda **_: keras.losses.MeanAbsoluteError(),
    "categorical_crossentropy": lambda from_logits=False: keras.losses.CategoricalCrossentropy(from_logits=from_logits),
    "sparse_categorical_crossentropy":
        lambda from_logits=False: keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits),
    "binary_crossentropy": lambda from_logits=False: keras.losses.BinaryCrossentropy(from_logits=from_logits),
}


def gradients_of_sum(layer, x, upstream, variables=(), **call_arguments):
    """The layer's output on `x` and the gradients of sum(output * upstream) w.r.t. x and `variables`."""
    x = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(x)
        output = layer(x, **call_arguments)
        total = tf.reduce_sum(output * tf.constant(upstream))
    gradients = tape.gradient(total, [x] + list(variables))
    return numpy(output), [None if g is None else numpy(g) for g in gradients]


def same_padding(size, kernel, stride):
    """[before, after] of Keras/TensorFlow's `same` padding along one axis."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return [total // 2, total - total // 2]


def pair(value):
    return [int(value), int(value)] if isinstance(value, int) else [int(v) for v in value]


def fit_case(model, x, y, batch_size, epochs, validation_split):
    """history, evaluate, final weights and predict on the first three rows, for `model` compiled already."""
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=False,
                        validation_split=validation_split, verbose=0)
    scores = model.evaluate(x, y, verbose=0, return_dict=True)
    return {
        "history": {k: [np.float32(v) for v in history.history[k]] for k in sorted(history.history)},
        "evaluate": {k: np.float32(scores[k]) for k in sorted(scores)},
        "final_weights": model.get_weights(),
        "predict": model.predict(x[:3], verbose=0),
    }


def summary_text(model):
    """What model.summary() prints on a wide terminal (Keras narrows the table to the terminal's width)."""
    parts = []
    columns = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "200"
    try:
        model.summary(print_fn=lambda text, **_: parts.append(text))
    finally:
        if columns is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = columns
    return "".join(parts)


# ---------------------------------------------------------------------------------------------------------
# The dense fixtures.

def dense_forward(src):
    r = src.rng
    x = src.get("input", lambda: r.standard_normal((4, 8)))
    kernel = src.get("kernel", lambda: 0.5 * r.standard_normal((8, 6)))
    bias = src.get("bias", lambda: 0.1 * r.standard_normal(6))
    cases = []
    for index, activation in enumerate(["linear", "relu", "sigmoid", "tanh", "softmax"]):
        src.case(index, activation=activation)
        layer = keras.layers.Dense(kernel.shape[1], activation=activation)
        layer.build((None, kernel.shape[0]))
        layer.set_weights([kernel, bias])
        cases.append({"activation": activation, "output": layer(x)})
    return {"input": x, "kernel": kernel, "bias": bias, "cases": cases}


def losses(src):
    r = src.rng
    labels = r.randint(0, 4, size=4)
    logits = as_f32(2.0 * r.standard_normal((4, 4)))
    targets = as_f32(r.standard_normal((4, 4)))
    probabilities = as_f32(keras.ops.softmax(logits))
    certain = probabilities.copy()
    certain[0] = [1, 0, 0, 0]  # exact zeros and ones (wrong and certain where the label is not 0): clipped
    if labels[0] == 0:
        certain[0] = [0, 1, 0, 0]
    specs = [
        ("mean_squared_error", None, targets, logits),
        ("mean_absolute_error", None, targets, logits),
        ("categorical_crossentropy", False, one_hot(labels, 4), probabilities),
        ("categorical_crossentropy", False, one_hot(labels, 4), certain),
        ("categorical_crossentropy", True, one_hot(labels, 4), logits),
        ("sparse_categorical_crossentropy", False, labels, probabilities),
        ("sparse_categorical_crossentropy", True, labels, logits),
    ]
    cases = []
    for index, (name, from_logits, y_true, y_pred) in enumerate(specs):
        identity = {"loss": name} if from_logits is None else {"loss": name, "from_logits": from_logits}
        case = src.case(index, **identity)
        y_true = case.get("y_true", y_true)
        y_pred = case.get("y_pred", y_pred)
        loss = LOSSES[name]() if from_logits is None else LOSSES[name](from_logits=from_logits)
        value = np.float32(numpy(loss(y_true, y_pred)))
        cases.append({**identity, "y_true": y_true, "y_pred": y_pred, "value": value})
    return {"cases": cases}


def gradients(src):
    r = src.rng
    x = src.get("input", lambda: r.standard_normal((4, 8)))
    weights = src.get("weights", lambda: two_layer_weights(src.shared_rng("two_layer_model")))
    labels = r.randint(0, 4, size=4)
    specs = [("sparse_categorical_crossentropy", "softmax", labels),
             ("categorical_crossentropy", "softmax", one_hot(labels, 4)),
             ("mean_squared_error", "linear", one_hot(labels, 4))]
    cases = []
    for index, (name, last_activation, y_true) in enumerate(specs):
        case = src.case(index, loss=name, last_activation=last_activation)
        y_true = case.get("y_true", y_true)
        model = two_layer_model(weights, last_activation)
        with tf.GradientTape() as tape:
            value = LOSSES[name]()(y_true, model(x))
        grads = tape.gradient(value, model.trainable_variables)
        cases.append({"loss": name, "last_activation": last_activation, "y_true": y_true,
                      "loss_value": np.float32(numpy(value)), "gradients": [numpy(g) for g in grads]})
    return {"input": x, "weights": weights, "cases": cases}


OPTIMIZER_CONFIGURATIONS = [
    ("SGD", {"learning_rate": 0.05}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9}),
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("Adam", {}),
    ("Adam", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-06}),
    ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    ("RMSprop", {}),
    ("RMSprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5}),
    ("RMSprop", {"learning_rate": 0.01, "centered": True}),
    ("Adagrad", {"learning_rate": 0.1}),
    ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.01}),
]


def optimizers(src):
    r = src.rng
    initial = src.get("initial", lambda: two_layer_weights(src.shared_rng("two_layer_model"))[:2])
    gradient_sets = src.get("gradients", lambda: [[r.standard_normal(w.shape) for w in initial] for _ in range(3)])
    cases = []
    for index, (name, config) in enumerate(OPTIMIZER_CONFIGURATIONS):
        src.case(index, optimizer=name, config=config)
        optimizer = getattr(keras.optimizers, name)(**config)
        variables = [keras.Variable(w) for w in initial]
        after_each_step = []
        for grads in gradient_sets:
            optimizer.apply_gradients(zip([tf.constant(g) for g in grads], variables))
            after_each_step.append([numpy(v) for v in variables])
        cases.append({"optimizer": name, "config": config, "after_each_step": after_each_step})
    return {"initial": initial, "gradients": gradient_sets, "cases": cases}


FIT_CONFIGURATIONS = [  # optimizer, config, batch size, validation split
    ("SGD", {"learning_rate": 0.1}, 8, 0.25),
    ("Adam", {"learning_rate": 0.01}, 5, 0.2),
    ("RMSprop", {}, 7, 0.0),
]


def fit(src):
    r = src.rng
    x = src.get("x", lambda: r.standard_normal((38, 8)))
    # Labels mostly given by the largest of the first four features, so that the model can learn them.
    y = src.get("y", lambda: np.argmax(x[:, :4] + 0.5 * r.standard_normal((len(x), 4)), axis=1))
    initial = src.get("initial_weights", lambda: two_layer_weights(src.shared_rng("two_layer_model")))
    cases = []
    for index, (name, config, batch_size, validation_split) in enumerate(FIT_CONFIGURATIONS):
        src.case(index, optimizer=name, config=config, batch_size=batch_size, validation_split=validation_split)
        keras.utils.set_random_seed(src.seed)
        model = two_layer_model(initial, "softmax")
        model.compile(optimizer=getattr(keras.optimizers, name)(**config), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        cases.append({"optimizer": name, "config": config, "batch_size": batch_size, "epochs": 3,
                      "validation_split": validation_split,
                      **fit_case(model, x, y, batch_size, 3, validation_split)})
    return {"x": x, "y": y, "initial_weights": initial, "loss": "sparse_categorical_crossentropy",
            "metrics": ["accuracy"], "cases": cases}


SEED_MODELS = ["784-512-256-10", "784-256-128-10", "784-256-10", "784-256-64-10", "784-512-10", "784-128-10"]


def dense_stack(name):
    """`784-128-10` -> Input(784) -> Dense(128, relu) -> Dense(10, relu); `... flatten` starts with
    Input((28, 28)) -> Flatten() instead."""
    widths = [int(w) for w in name.split(" ")[0].split("-")]
    keras.backend.clear_session()
    head = [keras.Input((28, 28)), keras.layers.Flatten()] if name.endswith("flatten") else [keras.Input((widths[0],))]
    return keras.Sequential(head + [keras.layers.Dense(w, activation="relu") for w in widths[1:]])


def param_counts(src):
    return {name: int(dense_stack(name).count_params()) for name in SEED_MODELS}


def summaries(src):
    return {name: summary_text(dense_stack(name)) for name in ["784-128-10 flatten", "784-512-256-10", "784-512-10"]}


# ---------------------------------------------------------------------------------------------------------
# The convolutional fixtures.

CONV2D_CASES = [  # filters, kernel size, strides, padding, activation, use_bias, input shape
    (4, (1, 1), (1, 1), "valid", "linear", True, (3, 6, 6, 3)),
    (4, (3, 3), (1, 1), "valid", "relu", True, (2, 5, 6, 3)),
    (5, (3, 3), (1, 1), "same", "linear", False, (3, 8, 5, 2)),
    (3, (3, 3), (2, 2), "same", "relu", True, (3, 9, 7, 1)),
    (4, (3, 3), (2, 2), "same", "linear", True, (3, 6, 9, 1)),
    (5, (3, 3), (2, 2), "valid", "linear", False, (2, 6, 6, 2)),
    (4, (2, 3), (1, 1), "valid", "relu", False, (2, 7, 9, 4)),
    (3, (2, 3), (1, 1), "same", "linear", True, (3, 9, 8, 2)),
    (4, (2, 3), (2, 2), "same", "relu", True, (2, 9, 7, 4)),
    (5, (1, 1), (2, 2), "same", "relu", False, (2, 5, 6, 4)),
    (4, (3, 3), (2, 1), "same", "linear", True, (2, 6, 7, 2)),
]


def conv2d(src):
    r = src.rng
    cases = []
    for index, (filters, kernel_size, strides, padding, activation, use_bias, shape) in enumerate(CONV2D_CASES):
        config = {"filters": filters, "kernel_size": list(kernel_size), "strides": list(strides), "padding": padding,
                  "activation": activation, "use_bias": use_bias, "data_format": "channels_last"}
        case = src.case(index, config=config)
        layer = keras.layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, activation=activation,
                                    use_bias=use_bias, data_format="channels_last")
        keras_config = layer.get_config()
        assert all(json.loads(json.dumps(to_json(keras_config[k]))) == v for k, v in config.items()), keras_config
        x = case.get("input", lambda: r.standard_normal(shape))
        kernel = case.get("kernel", lambda: 0.5 * r.standard_normal(kernel_size + (shape[3], filters)))
        bias = case.get("bias", lambda: 0.2 * r.standard_normal(filters) if use_bias else None)
        layer.build(x.shape)
        layer.set_weights([kernel, bias] if use_bias else [kernel])
        output_shape = layer.compute_output_shape(x.shape)
        upstream = case.get("upstream", lambda: r.standard_normal(output_shape))
        output, grads = gradients_of_sum(layer, x, upstream, [layer.kernel] + ([layer.bias] if use_bias else []))
        result = {"config": config, "input": x, "kernel": kernel, "bias": bias, "upstream": upstream,
                  "output": output, "input_gradient": grads[0], "kernel_gradient": grads[1],
                  "bias_gradient": grads[2] if use_bias else None}
        if padding == "same":
            result["same_padding"] = (same_padding(shape[1], kernel_size[0], strides[0])
                                      + same_padding(shape[2], kernel_size[1], strides[1]))
        cases.append(result)
    return {"gradient_of": "sum(output * upstream)", "cases": cases}


POOLING_CASES = [  # layer, arguments, input kind, input shape
    ("MaxPooling2D", {"pool_size": 2}, "normal", (2, 8, 9, 3)),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2}, "normal", (3, 9, 6, 1)),
    ("MaxPooling2D", {"pool_size": 2, "strides": 2, "padding": "same"}, "negative", (3, 9, 7, 2)),
    ("MaxPooling2D", {"pool_size": 3, "padding": "same"}, "negative", (3, 8, 5, 3)),
    ("MaxPooling2D", {"pool_size": [2, 3], "strides": [1, 2], "padding": "same"}, "normal", (3, 9, 6, 2)),
    ("MaxPooling2D", {"pool_size": 2}, "ties", (3, 8, 8, 2)),
    ("MaxPooling2D", {"pool_size": 3, "strides": 1}, "ties", (3, 9, 8, 3)),
    ("MaxPooling2D", {"pool_size": 2, "strides": 1, "padding": "same"}, "ties", (2, 5, 6, 1)),
    ("AveragePooling2D", {"pool_size": 2}, "normal", (3, 7, 9, 1)),
    ("AveragePooling2D", {"pool_size": 3}, "normal", (2, 6, 7, 2)),
    ("AveragePooling2D", {"pool_size": 3, "strides": 2, "padding": "same"}, "normal", (2, 9, 6, 1)),
    ("AveragePooling2D", {"pool_size": 2, "strides": 1, "padding": "same"}, "normal", (2, 9, 5, 4)),
    ("GlobalAveragePooling2D", {}, "normal", (2, 8, 5, 3)),
    ("GlobalAveragePooling2D", {"keepdims": True}, "normal", (2, 6, 8, 4)),
    ("GlobalMaxPooling2D", {}, "normal", (2, 8, 5, 2)),
    ("GlobalMaxPooling2D", {}, "ties", (3, 5, 7, 2)),
]


def pooling_input(r, kind, shape):
    if kind == "negative":  # every value below zero: a padding cell must never win
        return -(np.abs(r.standard_normal(shape)) + 0.1)
    if kind == "ties":  # small integers: windows hold several equal maxima
        return r.randint(0, 3, size=shape).astype(np.float32)
    return r.standard_normal(shape)


def pooling(src):
    r = src.rng
    cases = []
    for index, (name, arguments, kind, shape) in enumerate(POOLING_CASES):
        case = src.case(index, layer=name, args=arguments, input_kind=kind)
        layer = getattr(keras.layers, name)(**arguments)
        keras_config = layer.get_config()
        if name.startswith("Global"):
            config = {"keepdims": bool(keras_config["keepdims"])}
        else:
            config = {"pool_size": pair(keras_config["pool_size"]), "strides": pair(keras_config["strides"]),
                      "padding": keras_config["padding"]}
        x = case.get("input", lambda: pooling_input(r, kind, shape))
        upstream = case.get("upstream", lambda: r.standard_normal(layer.compute_output_shape(x.shape)))
        output, grads = gradients_of_sum(layer, x, upstream)
        result = {"layer": name, "args": arguments, "config": config, "input_kind": kind, "input": x,
                  "upstream": upstream, "output": output, "input_gradient": grads[0]}
        if config.get("padding") == "same":
            result["same_padding"] = (same_padding(shape[1], config["pool_size"][0], config["strides"][0])
                                      + same_padding(shape[2], config["pool_size"][1], config["strides"][1]))
        cases.append(result)
    return {"gradient_of": "sum(output * upstream)", "cases": cases}


BATCHNORM_CASES = [  # input shape, momentum, random initial weights
    ((3, 5, 4, 4), 0.99, True),
    ((6, 3), 0.99, True),
    ((5, 3), 0.9, False),
    ((2, 3, 3, 4), 0.9, True),
]


def batchnorm(src):
    r = src.rng
    cases = []
    for index, (shape, momentum, random_weights) in enumerate(BATCHNORM_CASES):
        config = {"axis": -1, "momentum": momentum, "epsilon": 0.001, "center": True, "scale": True}
        case = src.case(index, config=config, initial_weights_random=random_weights)
        channels = shape[-1]
        # Per-channel offsets and spreads, so that the batch statistics are far from 0 and 1.
        x = case.get("input", lambda: r.standard_normal(shape) * r.uniform(0.5, 3.0, channels)
                     + 2.0 * r.standard_normal(channels))
        if random_weights:
            initial = {"gamma": r.uniform(0.8, 1.5, channels), "beta": 0.3 * r.standard_normal(channels),
                       "moving_mean": 0.5 * r.standard_normal(channels),
                       "moving_variance": r.uniform(0.5, 1.8, channels)}
        else:
            initial = {"gamma": np.ones(channels), "beta": np.zeros(channels), "moving_mean": np.zeros(channels),
                       "moving_variance": np.ones(channels)}
        weights = {key: case.get(key, value) for key, value in initial.items()}
        upstream = case.get("upstream", lambda: r.standard_normal(shape))
        layer = keras.layers.BatchNormalization(**config)
        layer.build(x.shape)
        layer.set_weights([weights["gamma"], weights["beta"], weights["moving_mean"], weights["moving_variance"]])
        assert [w.path.split("/")[-1] for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
        output_inference = numpy(layer(x, training=False))
        output_training, grads = gradients_of_sum(layer, x, upstream, [layer.gamma, layer.beta], training=True)
        batch_mean, batch_variance = keras.ops.moments(tf.constant(x), axes=list(range(len(shape) - 1)))
        cases.append({
            "config": config, "initial_weights_random": random_weights, "input": x, **weights,
            "output_inference": output_inference, "upstream": upstream, "output_training": output_training,
            "batch_mean": batch_mean, "batch_variance": batch_variance,
            "moving_mean_after": numpy(layer.moving_mean), "moving_variance_after": numpy(layer.moving_variance),
            "output_inference_after": numpy(layer(x, training=False)),
            "input_gradient": grads[0], "gamma_gradient": grads[1], "beta_gradient": grads[2],
        })
    return {"gradient_of": "sum(output_training * upstream), training=True",
            "weights_order": ["gamma", "beta", "moving_mean", "moving_variance"], "cases": cases}


DROPOUT_NOTE = ("training=True zeroes each entry with probability rate and scales the others by 1/(1-rate); "
                "the mask is random, so no values are stored")


def misc_layers(src):
    r = src.rng
    pixels = r.randint(0, 256, size=(3, 4, 3, 3)).astype(np.float32)
    pixels.flat[:2] = [0, 255]  # both ends of the pixel range
    softmax_input = r.standard_normal((3, 2, 6))
    softmax_input[0, 0] += 100  # exp overflows float32 unless the row maximum is subtracted first
    specs = [  # layer, config, input, with upstream and input gradient
        ("Reshape", {"target_shape": [2, 3]}, lambda: r.standard_normal((3, 6)), False),
        ("Reshape", {"target_shape": [-1, 2]}, lambda: r.standard_normal((3, 3, 2, 2)), False),
        ("Rescaling", {"scale": 1 / 255, "offset": 0.0}, pixels, False),
        ("Rescaling", {"scale": 1 / 127.5, "offset": -1.0}, pixels, False),
        ("Dropout", {"rate": 0.25}, lambda: r.standard_normal((3, 6)), False),
        ("Softmax", {"axis": -1}, softmax_input, True),
        ("ReLU", {}, lambda: r.standard_normal((3, 4)), True),
        ("ReLU", {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.5},
         lambda: 3.0 * r.standard_normal((3, 6)) + 2.0, True),
        ("Flatten", {}, lambda: r.standard_normal((3, 2, 2, 2)), False),
    ]
    cases = []
    for index, (name, config, make_input, with_gradient) in enumerate(specs):
        case = src.case(index, layer=name, config=config)
        arguments = dict(config)
        if name == "Reshape":
            arguments["target_shape"] = tuple(config["target_shape"])
        layer = getattr(keras.layers, name)(**arguments)
        x = case.get("input", make_input)
        result = {"layer": name, "config": config}
        if name == "Dropout":
            result["training"] = False
        result["input"] = x
        if with_gradient:
            upstream = case.get("upstream", lambda: r.standard_normal(x.shape))
            output, grads = gradients_of_sum(layer, x, upstream)
            result.update({"output": output, "upstream": upstream, "input_gradient": grads[0]})
        else:
            result["output"] = numpy(layer(x, training=False) if name == "Dropout" else layer(x))
        if name == "Dropout":
            rate = config["rate"]
            result["training_contract"] = {"rate": rate, "kept_scale": 1 / (1 - rate), "dropped_value": 0.0,
                                           "note": DROPOUT_NOTE}
        cases.append(result)

    y_true = r.randint(0, 2, size=(4, 4)).astype(np.float32)
    y_true[:2, :2] = [[1, 0], [0, 1]]  # both classes where the exact 0s and 1s and the 0.5s go
    probabilities = as_f32(r.uniform(0.02, 0.98, size=(4, 4)))
    certain = probabilities.copy()
    certain[0, :2] = y_true[0, :2]  # right and certain: a 1 and a 0
    certain[1, :2] = 1 - y_true[1, :2]  # wrong and certain: a 1 and a 0
    logits = as_f32(np.log(probabilities.astype(np.float64) / (1 - probabilities.astype(np.float64))))
    large = logits.copy()
    large[0, 0] = 40.0 if y_true[0, 0] == 1 else -40.0  # right by a wide margin
    large[1, 0] = -35.0 if y_true[1, 0] == 1 else 35.0  # wrong by a wide margin
    loss_specs = [("probabilities", False, probabilities), ("probabilities with exact 0 and 1", False, certain),
                  ("logits", True, logits), ("logits with large magnitudes", True, large)]
    loss_cases = []
    for index, (kind, from_logits, y_pred) in enumerate(loss_specs):
        case = src.case(index, "losses", loss="binary_crossentropy", case=kind, from_logits=from_logits)
        yt, yp = case.get("y_true", y_true), case.get("y_pred", y_pred)
        loss_cases.append({
            "loss": "binary_crossentropy", "case": kind, "from_logits": from_logits, "y_true": yt, "y_pred": yp,
            "per_sample": keras.losses.binary_crossentropy(yt, yp, from_logits=from_logits),
            "value": np.float32(numpy(LOSSES["binary_crossentropy"](from_logits=from_logits)(yt, yp))),
        })

    halves = probabilities.copy()
    halves[0, 0] = halves[0, 1] = halves[1, 0] = 0.5  # exactly at the threshold: class 0
    case = src.case(0, "metrics", metric="binary_accuracy", threshold=0.5)
    yt, yp = case.get("y_true", y_true), case.get("y_pred", halves)
    metric = keras.metrics.BinaryAccuracy(threshold=0.5)
    metric.update_state(yt, yp)
    metrics = [{"metric": "binary_accuracy", "threshold": 0.5, "y_true": yt, "y_pred": yp,
                "elementwise": keras.metrics.binary_accuracy(yt, yp, threshold=0.5),
                "value": np.float32(numpy(metric.result()))}]
    return {"gradient_of": "sum(output * upstream)", "cases": cases, "losses": loss_cases, "metrics": metrics}


TINY_CONVNET = "Input((8,8,1)) -> Conv2D(4, 3, relu) -> {}MaxPooling2D(2) -> Flatten -> Dense(3, softmax)"


def tiny_convnet(batch_normalization):
    keras.backend.clear_session()
    return keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(4, 3, activation="relu")]
                            + ([keras.layers.BatchNormalization()] if batch_normalization else [])
                            + [keras.layers.MaxPooling2D(2), keras.layers.Flatten(),
                               keras.layers.Dense(3, activation="softmax")])


def mnist_convnet(batch_normalization):
    """Keras's mnist_convnet example (optionally with a BatchNormalization after each Conv2D)."""
    keras.backend.clear_session()

    def norm():
        return [keras.layers.BatchNormalization()] if batch_normalization else []

    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu")] + norm()
                            + [keras.layers.MaxPooling2D(2), keras.layers.Conv2D(64, 3, activation="relu")] + norm()
                            + [keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dropout(0.5),
                               keras.layers.Dense(10, activation="softmax")])


def convnet_fit(src):
    r = src.rng
    x = src.get("x", lambda: r.standard_normal((24, 8, 8, 1)))
    # The class is the band of columns (left, middle, right) with the largest mean, mostly.
    y = src.get("y", lambda: np.argmax(np.stack([x[:, :, :3].mean((1, 2, 3)), x[:, :, 3:5].mean((1, 2, 3)),
                                                 x[:, :, 5:].mean((1, 2, 3))], axis=1)
                                       + 0.3 * r.standard_normal((len(x), 3)), axis=1))
    conv = [0.5 * r.standard_normal((3, 3, 1, 4)), 0.1 * r.standard_normal(4)]
    norm = [1 + 0.1 * r.standard_normal(4), 0.1 * r.standard_normal(4), np.zeros(4), np.ones(4)]
    dense = [0.5 * r.standard_normal((36, 3)), 0.1 * r.standard_normal(3)]
    cases = []
    for index, batch_normalization in enumerate([False, True]):
        config = {"learning_rate": 0.01}
        case = src.case(index, batch_normalization=batch_normalization, optimizer="Adam", config=config)
        initial = case.get("initial_weights", conv + (norm if batch_normalization else []) + dense)
        keras.utils.set_random_seed(src.seed)
        model = tiny_convnet(batch_normalization)
        model.set_weights(initial)
        model.compile(optimizer=keras.optimizers.Adam(**config), loss="sparse_categorical_crossentropy",
                      metrics=["accuracy"])
        result = {"model": TINY_CONVNET.format("BatchNormalization() -> " if batch_normalization else ""),
                  "batch_normalization": batch_normalization, "optimizer": "Adam", "config": config,
                  "batch_size": 8, "epochs": 3, "shuffle": False, "initial_weights": initial,
                  **fit_case(model, x, y, 8, 3, 0.0)}
        if batch_normalization:
            layer = model.layers[1]
            result["moving_mean_after"] = numpy(layer.moving_mean)
            result["moving_variance_after"] = numpy(layer.moving_variance)
        cases.append(result)
    return {"x": x, "y": y, "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"], "cases": cases}


def convnet_summary(src):
    return {"mnist_convnet": summary_text(mnist_convnet(False)),
            "mnist_convnet batchnorm": summary_text(mnist_convnet(True)),
            "tiny convnet": summary_text(tiny_convnet(False)),
            "tiny convnet batchnorm": summary_text(tiny_convnet(True))}


# ---------------------------------------------------------------------------------------------------------

FIXTURES = {
    "dense_forward": dense_forward,
    "losses": losses,
    "gradients": gradients,
    "optimizers": optimizers,
    "fit": fit,
    "param_counts": param_counts,
    "summaries": summaries,
    "conv2d": conv2d,
    "pooling": pooling,
    "batchnorm": batchnorm,
    "misc_layers": misc_layers,
    "convnet_fit": convnet_fit,
    "convnet_summary": convnet_summary,
}
from toolbox_optimizers import FIXTURES as TOOLBOX_OPTIMIZER_FIXTURES  # noqa: E402  (issue 16: optimizers, schedules)
FIXTURES.update(TOOLBOX_OPTIMIZER_FIXTURES)
import toolbox_losses_metrics  # noqa: E402  (issue 16: the new losses and metric objects)
FIXTURES.update(toolbox_losses_metrics.FIXTURES)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", help="folder to write NAME.json into (created if needed)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the inputs' generators (default 0)")
    parser.add_argument("--only", nargs="+", metavar="NAME", choices=sorted(FIXTURES),
                        help="write only these fixtures (default: all)")
    parser.add_argument("--inputs-from", metavar="DIR",
                        help="read inputs and weights from the fixture files in DIR; recompute only Keras's outputs")
    args = parser.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    print(f"Keras {keras.__version__}, TensorFlow {tf.__version__}, numpy {np.__version__}, seed {args.seed}"
          + (f", inputs from {args.inputs_from}" if args.inputs_from else ""), file=sys.stderr)
    for name in args.only or list(FIXTURES):
        start = time.time()
        reference = None
        if args.inputs_from:
            with open(os.path.join(args.inputs_from, f"{name}.json")) as file:
                reference = json.load(file)
        source = Source(name, rng_for(args.seed, name), reference, args.seed)
        keras.utils.set_random_seed(args.seed)
        content = to_json(FIXTURES[name](source))
        path = os.path.join(args.out_dir, f"{name}.json")
        with open(path, "w") as file:
            file.write(dumps(content) + "\n")
        print(f"wrote {path} ({time.time() - start:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
