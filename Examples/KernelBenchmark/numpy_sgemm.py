#!/usr/bin/env python3
"""NumPy (OpenBLAS) sgemm at the training shapes of shapes.txt, as KernelBenchmark times SIMDKernels.sgemm.

    python3 Examples/KernelBenchmark/numpy_sgemm.py            # a table, 1 thread and all threads
    python3 Examples/KernelBenchmark/numpy_sgemm.py --serve    # (used by KernelBenchmark) answer requests

With --serve it reads "LAYOUT M N K" on stdin (set up that shape, answer "ready") and then "batch" lines (time one
batch, answer its seconds per product), so that KernelBenchmark alternates NumPy's batches with its own and the
host's load falls on both alike; OPENBLAS_NUM_THREADS is set by the parent. Each shape is timed as 7 batches of
back-to-back products, each batch at least 20 ms. OPENBLAS_CORETYPE and
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


class Product:
    """One shape's operands, and the number of back-to-back products that take at least 20 ms."""

    def __init__(self, layout, m, n, k):
        import numpy as np

        rng = np.random.default_rng(0)
        a = rng.standard_normal((k, m) if layout == "TN" else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if layout == "NT" else (k, n), dtype=np.float32)
        self.opa = a.T if layout == "TN" else a
        self.opb = b.T if layout == "NT" else b
        self.out = np.empty((m, n), dtype=np.float32)
        self.repeats = 1
        while self.batch() * self.repeats < 0.02:
            self.repeats *= 2

    def batch(self):
        """Seconds per product over one batch of `repeats` products."""
        import numpy as np

        np.matmul(self.opa, self.opb, out=self.out)  # untimed: wakes OpenBLAS's threads after our batch
        start = time.perf_counter()
        for _ in range(self.repeats):
            np.matmul(self.opa, self.opb, out=self.out)
        return (time.perf_counter() - start) / self.repeats


def seconds(layout, m, n, k):
    """Median and best seconds per product of 7 timed batches."""
    product = Product(layout, m, n, k)
    times = sorted(product.batch() for _ in range(7))
    return times[3], times[0]


def serve():
    import numpy  # fail now, not at the first request
    print("ready", numpy.__version__, flush=True)
    product = None
    for line in sys.stdin:
        fields = line.split()
        if fields == ["batch"] and product is not None:
            print(repr(product.batch()), flush=True)
        elif len(fields) == 4:
            product = Product(fields[0], *map(int, fields[1:]))
            print("ready", flush=True)
        else:
            print("error: expected LAYOUT M N K or batch", flush=True)


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
