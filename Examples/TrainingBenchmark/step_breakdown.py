#!/usr/bin/env python3
"""Where a training step's time goes: a perf profile of TrainingBenchmark, grouped into the parts of a step.

    python3 Examples/TrainingBenchmark/step_breakdown.py [--epochs 2] [--threads N] [--gflops R] MODEL...

Runs `perf record -g` (software clock, 999 Hz) on the release TrainingBenchmark for each model and sorts every
sample by its innermost SwiftKeras/SIMDKernels frame and its callers into: forward products, backward products
(any product called from `GradientTape.gradient`), element-wise work (activations, their derivatives, bias sums,
broadcasts; forward and backward), loss (softmax/sigmoid cross-entropy and reductions), optimizer update,
allocation and page faults, waiting for threads, reading batches, and the rest. Loading MNIST before training is
left out (its share is printed below the table). Products that a worker thread ran are split between forward and
backward in the proportion the main thread's products show. Prints a markdown table, one column per model, shares of
the training's samples.

The arithmetic floor: the model's dense multiply-adds per epoch (shapes.txt of KernelBenchmark; 2·m·n·k per
product) at `--gflops` GFLOP/s, for example the two-thread sgemm rate KernelBenchmark measured at the model's
largest shape in the same sitting.
Needs linux-perf (`apt-get install -y linux-perf`) and a release build (`swift build -c release`).
"""
import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRAIN_SAMPLES = {"seed000": 60000, "seed001": 60000, "seed002": 60000, "seed003": 60000, "seed004": 48000,
                 "convnet": 54000}
BATCH = {"seed000": 200, "seed001": 32, "seed002": 50, "seed003": 128, "seed004": 64, "convnet": 128}

# Innermost-frame patterns, tried in order. Products are split by their callers afterwards.
PRODUCT = re.compile(r"microKernel|wideMicroKernel|gemmBlock|packB|sumPickedRows|sumScaled|kernelGradient|PackedB|im2col|col2im|"
                     r"conv2D|sgemm|denseForward|transpose8x8|finishEdge|multiplyPanel|SparseRowSums|columnSums")
CATEGORIES = [
    ("optimizer update", re.compile(r"sgdStep|adamStep|rmspropStep|adagradStep|Step.*Optimizer|OptimizerUpdates|"
                                    r"applyGradients|momentumStep|decayWeights")),
    ("loss (cross-entropy, reductions)", re.compile(r"softmax|Softmax|crossEntropy|Crossentropy|logSumExp|"
                                                    r"sigmoidCross|Loss|rowMax|sumRows|reduce")),
    ("waiting for threads", re.compile(r"WorkerPool|sched_yield|clock_gettime|__schedule|futex|pthread_cond|"
                                       r"finish_task_switch|parallelFor|ChunkCounter|do_sched_yield")),
    ("allocation, page faults", re.compile(r"malloc|free|_int_|clear_page|page_fault|do_anonymous|memset|"
                                           r"swift_allocObject|swift_deallocObject|swift_slowAlloc|"
                                           r"__memset|alloc_pages|mmap|munmap|zap_|folio|lru|tlb|cfree|"
                                           r"allocateUninitialized|ScratchPool")),
    ("reading batches (sparse gather, copies)", re.compile(r"SparseInput|load_|memmove|memcpy|Dataset|"
                                                           r"TrainingData|gather|IDX|inflate|Inflate")),
    ("element-wise (activations, derivatives, bias, broadcasts)",
     re.compile(r"relu|Relu|sigmoid|tanh|Unary|Binary|mapVectors|zipVectors|broadcast|Broadcast|add|multiply|"
                r"subtract|scale|activat|Activation|maxPool|Pool|dropout|Dropout|batchNorm|BatchNorm|vsub|vadd|"
                r"vmul|where|mask|Mask|square|Tensor")),
]


LOADING = re.compile(r"MNIST|IDXFile|loadData|Inflate|Gzip|CRC32|SHA256|HuffmanTable")
BACKWARD = re.compile(r"GradientTape.*gradient|TapeNode|kernelGradient|InputGradient|KernelGradient|backward|Backward")


def classify(stack):
    """The category of one sample, from its frames (innermost first). Products on a worker thread are
    "products" and are split afterwards in the proportion of the main thread's forward and backward products."""
    leaf = stack[0] if stack else "?"
    if any(LOADING.search(f) for f in stack):
        return "loading MNIST (before training)"
    if PRODUCT.search(leaf) or any(PRODUCT.search(f) for f in stack[:3] if "SIMDKernels" in f):
        if any(BACKWARD.search(f) for f in stack):
            return "backward products"
        if any("WorkerPool" in f for f in stack) and not any("denseForward" in f or "conv2DForward" in f for f in stack):
            return "products"
        return "forward products"
    for name, pattern in CATEGORIES:
        if pattern.search(leaf):
            return name
    return "other (Swift runtime, retain/release, bookkeeping)"


def dense_flops_per_step(model):
    flops = 0
    with open(os.path.join(ROOT, "Examples", "KernelBenchmark", "shapes.txt")) as f:
        for line in f:
            fields = line.split()
            if len(fields) == 6 and fields[0] == model:
                m, n, k = map(int, fields[3:])
                flops += 2 * m * n * k
    return flops


def profile(model, epochs, threads):
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip() + "/TrainingBenchmark"
    data = os.path.join(ROOT, "..", "shared", "datasets", "mnist")
    with tempfile.TemporaryDirectory() as tmp:
        perf_data = os.path.join(tmp, "perf.data")
        command = [binary, "--data", data, "--epochs", str(epochs), model]
        if threads:
            command += ["--threads", str(threads)]
        run = subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "999", "-g", "-o", perf_data, "--"]
                             + command, cwd=ROOT, capture_output=True, text=True)
        seconds = None
        for line in run.stdout.splitlines():
            match = re.search(r'"sec_per_epoch_median"\s*:\s*([0-9.]+)', line)
            if match:
                seconds = float(match.group(1))
        script = subprocess.run(["perf", "script", "-i", perf_data, "-F", "ip,sym"], capture_output=True,
                                text=True).stdout
    counts = collections.Counter()
    stack = []
    for line in script.splitlines() + [""]:
        line = line.strip()
        if not line:
            if stack:
                counts[classify(stack)] += 1
            stack = []
            continue
        parts = line.split(None, 1)
        stack.append(parts[1] if len(parts) > 1 else parts[0])
    # Worker threads' products: forward or backward in the proportion the main thread shows.
    known = counts["forward products"] + counts["backward products"]
    if known:
        share = counts["forward products"] / known
        counts["forward products"] += round(counts["products"] * share)
        counts["backward products"] += counts["products"] - round(counts["products"] * share)
    else:
        counts["forward products"] += counts["products"]
    del counts["products"]
    loading = counts.pop("loading MNIST (before training)", 0)
    return counts, seconds, loading


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="+")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--gflops", type=float, help="sgemm rate for the arithmetic floor")
    args = parser.parse_args()
    results = {m: profile(m, args.epochs, args.threads) for m in args.models}
    names = ["forward products", "backward products"] + [n for n, _ in CATEGORIES] + \
        ["other (Swift runtime, retain/release, bookkeeping)"]
    print("| part of the step | " + " | ".join(args.models) + " |")
    print("| --- |" + " --- |" * len(args.models))
    for name in names:
        cells = []
        for m in args.models:
            counts, _, _ = results[m]
            total = sum(counts.values()) or 1
            cells.append(f"{100 * counts[name] / total:.1f}%")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| (not counted above: loading MNIST before training, share of all samples) | " + " | ".join(
        f"{100 * results[m][2] / (results[m][2] + sum(results[m][0].values()) or 1):.1f}%" for m in args.models) + " |")
    print("| seconds per epoch (median after the first, under perf) | " +
          " | ".join(f"{results[m][1]:.3f}" if results[m][1] else "-" for m in args.models) + " |")
    flops = {m: dense_flops_per_step(m) * ((TRAIN_SAMPLES.get(m, 0) + BATCH.get(m, 1) - 1) // BATCH.get(m, 1))
             for m in args.models}
    print("| dense GFLOP per epoch | " + " | ".join(f"{flops[m] / 1e9:.1f}" for m in args.models) + " |")
    if args.gflops:
        print(f"| arithmetic floor at {args.gflops:g} GFLOP/s, s/epoch | " +
              " | ".join(f"{flops[m] / 1e9 / args.gflops:.3f}" for m in args.models) + " |")


if __name__ == "__main__":
    sys.exit(main())
