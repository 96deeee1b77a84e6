#!/usr/bin/env python3
"""NumPy (OpenBLAS) sgemm at the training shapes of shapes.txt, as KernelBenchmark times SIMDKernels.sgemm.

    python3 Examples/KernelBenchmark/numpy_sgemm.py            # a table, 1 thread and all threads
    python3 Examples/KernelBenchmark/numpy_sgemm.py --serve    # (used by KernelBenchmark) answer requests

With --serve it reads lines "LAYOUT M N K" on stdin and answers each with "median_seconds best_seconds", so that
KernelBenchmark can time NumPy and itself shape by shape in one sitting; OPENBLAS_NUM_THREADS is set by the parent.
Each shape is timed as 7 batches of back-to-back products, each batch at least 20 ms. OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE are removed from the child's environment so that OpenBLAS picks its kernels for the real CPU.
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def shapes():
    rows = []
    with open(os.path.join(HERE, "shapes.txt")) as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                model, product, layout, m, n, k = line.split()
                rows.append((model, product, layout, int(m), int(n), int(k)))
    return rows


def seconds(layout, m, n, k):
    """Median and best seconds per product of 7 timed batches."""
    import numpy as np

    rng = np.random.default_rng(0)
    a = rng.standard_normal((k, m) if layout == "TN" else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if layout == "NT" else (k, n), dtype=np.float32)
    opa = a.T if layout == "TN" else a
    opb = b.T if layout == "NT" else b
    out = np.empty((m, n), dtype=np.float32)
    repeats = 1
    while True:
        start = time.perf_counter()
        for _ in range(repeats):
            np.matmul(opa, opb, out=out)
        if time.perf_counter() - start >= 0.02:
            break
        repeats *= 2
    times = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(repeats):
            np.matmul(opa, opb, out=out)
        times.append((time.perf_counter() - start) / repeats)
    times.sort()
    return times[3], times[0]


def serve():
    import numpy  # fail now, not at the first request
    print("ready", numpy.__version__, flush=True)
    for line in sys.stdin:
        layout, m, n, k = line.split()
        median, best = seconds(layout, int(m), int(n), int(k))
        print(f"{median!r} {best!r}", flush=True)


def child_env(threads):
    env = {key: value for key, value in os.environ.items() if key not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


def main():
    if "--serve" in sys.argv:
        serve()
        return
    all_threads = os.cpu_count()
    print(f"numpy sgemm GFLOP/s, median (best) of 7, 1 thread and {all_threads} threads")
    print(f"{'model':<8}{'product':<8}{'layout':<7}{'m':>6}{'n':>6}{'k':>7}{'1 thread':>16}{str(all_threads) + ' threads':>16}")
    children = [subprocess.Popen([sys.executable, __file__, "--serve"], env=child_env(t), text=True,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE) for t in (1, all_threads)]
    for child in children:
        child.stdout.readline()
    for model, product, layout, m, n, k in shapes():
        cells = ""
        for child in children:
            child.stdin.write(f"{layout} {m} {n} {k}\n")
            child.stdin.flush()
            median, best = map(float, child.stdout.readline().split())
            flops = 2.0 * m * n * k
            cells += f"{f'{flops / median / 1e9:.1f} ({flops / best / 1e9:.1f})':>16}"
        print(f"{model:<8}{product:<8}{layout:<7}{m:>6}{n:>6}{k:>7}{cells}")
    for child in children:
        child.stdin.close()
        child.wait()


if __name__ == "__main__":
    main()
