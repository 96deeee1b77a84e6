#!/usr/bin/env python3
"""Runs SwiftKeras's TrainingBenchmark next to the Keras reference (../shared/bench/keras_reference.py) and
prints a markdown table of seconds per epoch with the ratio Keras / SwiftKeras, all in one sitting.

Usage (from the repository root):
    python3 -m venv .kerasenv && .kerasenv/bin/pip install -q tensorflow-cpu==2.21.0
    python3 Examples/TrainingBenchmark/compare_with_keras.py --keras-python .kerasenv/bin/python \
        [--epochs N] [--data ../shared/datasets/mnist] [seed003 seed004 ...]

The matrix-product comparison is separate: `swift run -c release KernelBenchmark` and
`python3 Examples/KernelBenchmark/numpy_sgemm.py`.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def json_lines(command, env=None):
    print("$", " ".join(command), file=sys.stderr, flush=True)
    output = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True, env=env).stdout
    return {row["variant"]: row for row in (json.loads(line) for line in output.splitlines() if line.startswith("{"))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--keras-python", default=os.path.join(ROOT, ".kerasenv/bin/python"))
    parser.add_argument("--data", default=os.path.join(ROOT, "../shared/datasets/mnist"))
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--output", help="also write the table to this markdown file")
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    epochs = ["--epochs", str(args.epochs)] if args.epochs else []

    subprocess.run(["swift", "build", "-c", "release", "--product", "TrainingBenchmark"], cwd=ROOT, check=True)
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    swift = json_lines([os.path.join(binary, "TrainingBenchmark"), "--data", args.data] + epochs + args.names)
    reference = os.path.join(ROOT, "../shared/bench/keras_reference.py")
    keras = json_lines([args.keras_python, reference, args.data] + args.names + epochs)

    rows = ["| model | SwiftKeras s/epoch | Keras s/epoch | Keras / SwiftKeras | SwiftKeras GFLOP/s | "
            "SwiftKeras test acc | Keras test acc |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for name in sorted(swift):
        ours, theirs = swift[name], keras.get(name, {})
        ratio = theirs.get("sec_per_epoch_median", float("nan")) / ours["sec_per_epoch_median"]
        rows.append(f"| {name} | {ours['sec_per_epoch_median']:.3f} | {theirs.get('sec_per_epoch_median', float('nan')):.3f} | "
                    f"{ratio:.1f}x | {ours['gflops']} | {ours['test_acc']:.4f} | {theirs.get('test_acc', float('nan')):.4f} |")
    table = "\n".join(rows)
    print(table)
    if args.output:
        with open(args.output, "w") as handle:
            handle.write(table + "\n")


if __name__ == "__main__":
    main()
