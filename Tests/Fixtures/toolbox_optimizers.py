"""Keras reference numbers for the optimizer toolbox (issue 16): Nadam, Adamax, Adadelta and Lion step by step,
gradient clipping (clipnorm, clipvalue, global_clipnorm), optimizers driven by a learning-rate schedule, and the
schedules' values at chosen steps. generate.py imports this module and lists its functions in FIXTURES, so it
runs them with generate.py's settings (TensorFlow backend, one thread, float32)."""

import numpy as np
import tensorflow as tf
import keras

# The same three-step protocol as generate.py's `optimizers`: start from the two-layer model's first kernel and
# bias, apply three gradient sets in turn, record the weights after each step.
NEW_OPTIMIZER_CONFIGURATIONS = [
    ("Nadam", {}),
    ("Nadam", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6}),
    ("Adamax", {}),
    ("Adamax", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-6}),
    ("Adadelta", {}),
    ("Adadelta", {"learning_rate": 1.0, "rho": 0.9, "epsilon": 1e-6}),
    ("Lion", {}),
    ("Lion", {"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.95}),
]

# The gradients' norms are about 7 (kernel) and 2.5 (bias), about 7.5 together: each case clips something.
CLIPPING_CONFIGURATIONS = [
    ("SGD", {"learning_rate": 0.1, "clipnorm": 1.0}),
    ("SGD", {"learning_rate": 0.1, "clipnorm": 4.0}),
    ("SGD", {"learning_rate": 0.1, "clipvalue": 0.5}),
    ("SGD", {"learning_rate": 0.1, "global_clipnorm": 1.0}),
    ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "global_clipnorm": 5.0}),
    ("Adam", {"learning_rate": 0.01, "clipnorm": 0.5}),
    ("Adam", {"learning_rate": 0.01, "clipvalue": 0.3}),
    ("Adam", {"learning_rate": 0.01, "global_clipnorm": 2.0}),
    ("RMSprop", {"learning_rate": 0.01, "clipnorm": 1.0}),
    ("Nadam", {"learning_rate": 0.01, "global_clipnorm": 1.0}),
    ("Lion", {"learning_rate": 0.01, "clipvalue": 0.2}),
]

SCHEDULE_CONFIGURATIONS = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.9}),
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 4, "decay_rate": 0.5, "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [3, 7], "values": [1.0, 0.5, 0.1]}),
    ("PiecewiseConstantDecay", {"boundaries": [5], "values": [0.01, 0.001]}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 20}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 20, "alpha": 0.1}),
    ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 20, "alpha": 0.05, "warmup_target": 0.2,
                     "warmup_steps": 5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 5, "decay_rate": 0.5, "staircase": True}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 20}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.01, "power": 2.0}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.01, "power": 0.5,
                         "cycle": True}),
]
SCHEDULE_STEPS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 19, 20, 21, 25, 30, 100]

# Optimizers with a schedule as their learning rate: the schedule is read at optimizer.iterations (0 on the first
# step), so these pin down which step counter a schedule sees.
SCHEDULED_CONFIGURATIONS = [
    ("SGD", {"momentum": 0.5}, ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 1,
                                                     "decay_rate": 0.5})),
    ("Adam", {}, ("PiecewiseConstantDecay", {"boundaries": [0, 1], "values": [0.1, 0.01, 0.001]})),
    ("AdamW", {"weight_decay": 0.1}, ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 4,
                                                      "warmup_target": 0.05, "warmup_steps": 2})),
]


def _run_steps(optimizer, initial, gradient_sets):
    variables = [keras.Variable(w) for w in initial]
    after_each_step = []
    for grads in gradient_sets:
        optimizer.apply_gradients(zip([tf.constant(g) for g in grads], variables))
        after_each_step.append([keras.ops.convert_to_numpy(v) for v in variables])
    return after_each_step


def _two_layer_first_layer(rng):
    """The two-layer model's first kernel and bias, drawn as generate.py's two_layer_weights draws them."""
    return [0.5 * rng.standard_normal((8, 6)), 0.1 * rng.standard_normal(6)]


def _schedule(name, config):
    return getattr(keras.optimizers.schedules, name)(**config)


def toolbox_optimizers(src):
    """Three steps of each new optimizer, of clipped optimizers, and of optimizers driven by a schedule."""
    r = src.rng
    initial = src.get("initial", lambda: _two_layer_first_layer(src.shared_rng("two_layer_model")))
    gradient_sets = src.get("gradients", lambda: [[r.standard_normal(w.shape) for w in initial] for _ in range(3)])
    cases = []
    for index, (name, config) in enumerate(NEW_OPTIMIZER_CONFIGURATIONS):
        src.case(index, optimizer=name, config=config)
        optimizer = getattr(keras.optimizers, name)(**config)
        cases.append({"optimizer": name, "config": config, "after_each_step": _run_steps(optimizer, initial, gradient_sets)})
    clipping = []
    for index, (name, config) in enumerate(CLIPPING_CONFIGURATIONS):
        src.case(index, section="clipping", optimizer=name, config=config)
        optimizer = getattr(keras.optimizers, name)(**config)
        clipping.append({"optimizer": name, "config": config,
                         "after_each_step": _run_steps(optimizer, initial, gradient_sets)})
    scheduled = []
    for index, (name, config, (schedule_name, schedule_config)) in enumerate(SCHEDULED_CONFIGURATIONS):
        src.case(index, section="scheduled", optimizer=name, config=config)
        optimizer = getattr(keras.optimizers, name)(learning_rate=_schedule(schedule_name, schedule_config), **config)
        steps = _run_steps(optimizer, initial, gradient_sets)
        scheduled.append({"optimizer": name, "config": config, "schedule": schedule_name,
                          "schedule_config": schedule_config, "after_each_step": steps,
                          "learning_rate_after": float(keras.ops.convert_to_numpy(optimizer.learning_rate))})
    return {"initial": initial, "gradients": gradient_sets, "cases": cases, "clipping": clipping,
            "scheduled": scheduled}


def toolbox_schedules(src):
    """Each schedule's value (float32, as Keras computes it) at SCHEDULE_STEPS, and its Keras config."""
    cases = []
    for index, (name, config) in enumerate(SCHEDULE_CONFIGURATIONS):
        src.case(index, schedule=name, config=config)
        schedule = _schedule(name, config)
        values = [np.float32(keras.ops.convert_to_numpy(schedule(np.int64(step)))) for step in SCHEDULE_STEPS]
        cases.append({"schedule": name, "config": config, "steps": SCHEDULE_STEPS,
                      "values": values,
                      "keras_config": schedule.get_config()})
    return {"cases": cases}


FIXTURES = {"toolbox_optimizers": toolbox_optimizers, "toolbox_schedules": toolbox_schedules}
