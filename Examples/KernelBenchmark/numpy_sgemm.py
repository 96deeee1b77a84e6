#!/usr/bin/env python3
"""NumPy (OpenBLAS) sgemm GFLOP/s at the same shapes and layouts as the KernelBenchmark executable.

Usage: python3 Examples/KernelBenchmark/numpy_sgemm.py
Runs each shape with 1 thread and with all threads (OPENBLAS_NUM_THREADS is fixed per process, so each
thread count runs in its own child process). OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the
child's environment so that OpenBLAS picks its kernels for the real CPU.
"""
import os
import subprocess
import sys


def layer_shapes(batch, inputs, units):
    # (layout, m, n, k): forward x·W (NN), weight gradient xᵀ·dZ (TN), input gradient dZ·Wᵀ (NT).
    return [("NN", batch, units, inputs), ("TN", inputs, units, batch), ("NT", batch, inputs, units)]


def conv_shapes(pixels, patch, filters):
    # The im2col products of a convolution (m = batch·outHeight·outWidth, k = kh·kw·cin, n = filters): forward
    # X·K (NN), input gradient dY·Kᵀ (NT), kernel gradient Xᵀ·dY (TN).
    return [("NN", pixels, filters, patch), ("NT", pixels, patch, filters), ("TN", patch, filters, pixels)]


SHAPES = (layer_shapes(64, 784, 128) + layer_shapes(128, 784, 512)
          + layer_shapes(200, 784, 512) + layer_shapes(32, 784, 256)
          # mnist_convnet's two convolutions at batch 128 (as KernelBenchmark's Conv2D table).
          + conv_shapes(128 * 26 * 26, 9, 32) + conv_shapes(128 * 11 * 11, 288, 64))


def measure():
    import time
    import numpy as np

    rng = np.random.default_rng(0)
    results = []
    for layout, m, n, k in SHAPES:
        a = rng.standard_normal((k, m) if layout == "TN" else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if layout == "NT" else (k, n), dtype=np.float32)
        opa = a.T if layout == "TN" else a
        opb = b.T if layout == "NT" else b
        out = np.empty((m, n), dtype=np.float32)

        def product():
            np.matmul(opa, opb, out=out)

        repeats = 1
        while True:
            start = time.perf_counter()
            for _ in range(repeats):
                product()
            if time.perf_counter() - start >= 0.02:
                break
            repeats *= 2
        times = []
        for _ in range(7):
            start = time.perf_counter()
            for _ in range(repeats):
                product()
            times.append((time.perf_counter() - start) / repeats)
        times.sort()
        flops = 2.0 * m * n * k
        results.append(f"{flops / times[3] / 1e9:.1f}:{flops / times[0] / 1e9:.1f}")
    print(" ".join(results))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        measure()
        return
    columns = {}
    for threads in ["1", str(os.cpu_count())]:
        env = {key: value for key, value in os.environ.items()
               if key not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
        env["OPENBLAS_NUM_THREADS"] = threads
        output = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True,
                                capture_output=True, text=True).stdout
        columns[threads] = [cell.split(":") for cell in output.split()]
    all_threads = str(os.cpu_count())
    print(f"numpy sgemm GFLOP/s, median (best) of 7, 1 thread and {all_threads} threads")
    print(f"layout  {'m':>6}{'n':>6}{'k':>7}{'1 thread':>16}{all_threads + ' threads':>16}")
    for i, (layout, m, n, k) in enumerate(SHAPES):
        cells = "".join(f"{c[i][0] + ' (' + c[i][1] + ')':>16}" for c in (columns["1"], columns[all_threads]))
        print(f"{layout:<8}{m:>6}{n:>6}{k:>7}{cells}")


if __name__ == "__main__":
    main()
