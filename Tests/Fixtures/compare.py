#!/usr/bin/env python3
"""Compares two folders of Keras fixture files (e.g. generate.py's output with ../shared/fixtures/keras).

    python Tests/Fixtures/compare.py NEW_DIR REFERENCE_DIR [--only NAME ...] [--structure-only]

Checks that every file has the same keys, list lengths, tensor shapes, strings, booleans and integers, and,
unless --structure-only (for fixtures generated from other random inputs), that every float32 number is
within the tolerance that ../shared/fixtures/keras/README.md gives for it: inputs copied by
`generate.py --inputs-from` exactly, Keras's outputs to their README tolerance. Prints the largest
difference per key and exits with status 1 on any mismatch. Needs only numpy.
"""

import argparse
import json
import os
import re
import sys

import numpy as np

EXACT = (0.0, 0.0)
FORWARD = (1e-5, 1e-6)      # forward outputs and loss values
GRADIENT = (1e-4, 1e-5)     # gradients and optimizer steps
FIT = (1e-3, 1e-4)          # fit histories, final weights, predictions
MOVING = (1e-6, 1e-6)       # BatchNormalization's moving statistics
ONE_IN_A_MILLION = (0.0, 1e-6)


def tolerance(file, key, case):
    """(relative, absolute) tolerance of the numbers under `key` (the last key on the path) in `file`."""
    layer = case.get("layer", "") if isinstance(case, dict) else ""
    if file in ("toolbox_losses", "toolbox_metrics", "toolbox_fit"):  # toolbox_losses_metrics.py
        return {"value": FORWARD, "per_sample": FORWARD, "gradient": GRADIENT, "results": FORWARD,
                "history": FIT, "evaluate": FIT}.get(key, EXACT)
    if file == "dense_forward":
        return FORWARD if key == "output" else EXACT
    if file == "losses":
        return FORWARD if key == "value" else EXACT
    if file == "gradients":
        return {"loss_value": FORWARD, "gradients": GRADIENT}.get(key, EXACT)
    if file == "optimizers":
        return GRADIENT if key == "after_each_step" else EXACT
    if file in ("fit", "convnet_fit"):
        if key in ("history", "evaluate", "final_weights", "predict"):
            return FIT
        return FIT if key.endswith("_after") else EXACT
    if file == "conv2d":
        return {"output": FORWARD, "input_gradient": GRADIENT, "kernel_gradient": GRADIENT,
                "bias_gradient": GRADIENT}.get(key, EXACT)
    if file == "pooling":
        if key == "output":
            return EXACT if layer == "MaxPooling2D" else FORWARD
        if key == "input_gradient":
            return ONE_IN_A_MILLION if layer == "MaxPooling2D" else GRADIENT
        return EXACT
    if file == "batchnorm":
        if key.startswith("output") or key.startswith("batch_"):
            return FORWARD
        if key.endswith("_gradient"):
            return GRADIENT
        return MOVING if key.endswith("_after") else EXACT
    if file == "misc_layers":
        if key in ("output",):
            return FORWARD if layer in ("Softmax", "ReLU") else EXACT
        if key == "input_gradient":
            return GRADIENT
        if key in ("per_sample", "value") and case.get("loss"):
            return FORWARD
        return EXACT
    return EXACT


class Comparison:
    def __init__(self, file, structure_only):
        self.file, self.structure_only = file, structure_only
        self.problems, self.worst = [], {}

    def problem(self, path, text):
        self.problems.append(f"{self.file}{path}: {text}")

    def numbers(self, path, key, case, new, old):
        new, old = np.asarray(new, dtype=np.float32), np.asarray(old, dtype=np.float32)
        if self.structure_only or new.size == 0:
            return
        relative, absolute = tolerance(self.file, key, case)
        difference = np.abs(new.astype(np.float64) - old.astype(np.float64))
        allowed = np.maximum(absolute, relative * np.abs(old.astype(np.float64)))
        pattern = re.sub(r"\[\d+\]", "[]", path)
        if isinstance(case, dict) and case.get("layer"):  # one line per layer type: their tolerances differ
            pattern = pattern.replace(".cases[]", f".cases[{case['layer']}]", 1)
        bad = difference > allowed
        worst_abs = float(difference.max())
        scale = np.maximum(np.abs(old.astype(np.float64)), 1e-30)
        worst_rel = float((difference / scale).max())
        previous = self.worst.get(pattern, (0.0, 0.0, (relative, absolute), 0))
        self.worst[pattern] = (max(previous[0], worst_abs), max(previous[1], worst_rel), (relative, absolute),
                               previous[3] + new.size)
        if bad.any():
            index = int(np.argmax(bad.ravel()))
            self.problem(path, f"value {index} is {new.ravel()[index]!r}, reference {old.ravel()[index]!r} "
                               f"(tolerance rel {relative:g} abs {absolute:g}; {int(bad.sum())} of {bad.size} outside)")

    GROUPS = ("history", "evaluate", "config", "args", "training_contract")

    def walk(self, new, old, path="", key="", case=None):
        """Compares `new` with `old`; `key` names the numbers for `tolerance` (the nearest key, or the group
        key above it such as "history"), `case` is the enclosing case object."""
        if isinstance(old, dict) and set(old) == {"shape", "values"}:
            if not (isinstance(new, dict) and set(new) == {"shape", "values"}):
                return self.problem(path, "is not a tensor")
            if new["shape"] != old["shape"]:
                return self.problem(path, f"shape {new['shape']}, reference {old['shape']}")
            if len(new["values"]) != int(np.prod(old["shape"], dtype=np.int64)):
                return self.problem(path, "has a value count that does not match its shape")
            return self.numbers(path, key, case, new["values"], old["values"])
        if isinstance(old, dict):
            if not isinstance(new, dict):
                return self.problem(path, f"is {type(new).__name__}, reference an object")
            if list(new) != list(old):
                missing, extra = [k for k in old if k not in new], [k for k in new if k not in old]
                self.problem(path, f"keys missing {missing}, extra {extra}" if missing or extra
                             else f"key order {list(new)}, reference {list(old)}")
            for k in old:
                if k in new:
                    self.walk(new[k], old[k], f"{path}.{k}", key if key in self.GROUPS else k, case)
            return
        if isinstance(old, list):
            if not isinstance(new, list):
                return self.problem(path, f"is {type(new).__name__}, reference a list")
            if len(new) != len(old):
                return self.problem(path, f"has {len(new)} entries, reference {len(old)}")
            if old and all(is_number(v) for v in old + new) and any(isinstance(v, float) for v in old + new):
                return self.numbers(path, key, case, new, old)
            for index, (n, o) in enumerate(zip(new, old)):
                inner = o if key in ("cases", "losses", "metrics") and isinstance(o, dict) else case
                self.walk(n, o, f"{path}[{index}]", key, inner)
            return
        if is_number(old) and is_number(new) and isinstance(old, float):
            return self.numbers(path, key, case, [new], [old])
        if type(new) is not type(old) or new != old:
            if isinstance(old, str) and isinstance(new, str):
                lines = [i for i, (a, b) in enumerate(zip(new.split("\n"), old.split("\n"))) if a != b]
                return self.problem(path, f"text differs (first differing line {lines[:1] or 'count'})")
            self.problem(path, f"{new!r}, reference {old!r}")


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("new_dir")
    parser.add_argument("reference_dir")
    parser.add_argument("--only", nargs="+", metavar="NAME")
    parser.add_argument("--structure-only", action="store_true",
                        help="compare keys, shapes and non-float values only (inputs were drawn differently)")
    args = parser.parse_args(argv)
    names = args.only or sorted(f[:-5] for f in os.listdir(args.reference_dir) if f.endswith(".json"))
    failed = False
    for name in names:
        new_path = os.path.join(args.new_dir, f"{name}.json")
        if not os.path.exists(new_path):
            print(f"{name}: MISSING in {args.new_dir}")
            failed = True
            continue
        with open(new_path) as file:
            new = json.load(file)
        with open(os.path.join(args.reference_dir, f"{name}.json")) as file:
            old = json.load(file)
        comparison = Comparison(name, args.structure_only)
        comparison.walk(new, old)
        status = "MISMATCH" if comparison.problems else "ok"
        print(f"{name}: {status}")
        for problem in comparison.problems[:20]:
            print(f"  {problem}")
        if len(comparison.problems) > 20:
            print(f"  ... {len(comparison.problems) - 20} more")
        for pattern, (worst_abs, worst_rel, (rel, abs_), count) in sorted(comparison.worst.items()):
            if (rel, abs_) != EXACT or worst_abs > 0:
                print(f"  {pattern}: {count} numbers, max |diff| {worst_abs:.3g}, max rel {worst_rel:.3g} "
                      f"(tolerance rel {rel:g}, abs {abs_:g})")
        exact = sum(c for (a, _, t, c) in comparison.worst.values() if t == EXACT and a == 0)
        if exact:
            print(f"  {exact} numbers required to be identical are identical")
        failed |= bool(comparison.problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
