"""Reads the scalars of SwiftKeras's TensorBoard event files back with the real `tensorboard` package.

    SWIFTKERAS_TENSORBOARD_LOGDIR=/tmp/tb/logs swift test --filter TensorBoardTests/testThreeEpochFit
    /work/venv/bin/python Tests/Fixtures/check_tensorboard.py /tmp/tb/logs

For each run (`train`, `validation`) it loads the folder with TensorBoard's EventAccumulator, prints every scalar
tag with its (step, value) pairs, and exits with status 1 if a run has no scalars or lacks `epoch_loss`.
"""

import sys

import tensorboard
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator


def main(log_dir):
    print(f"tensorboard {tensorboard.__version__}")
    ok = True
    for run in ("train", "validation"):
        accumulator = EventAccumulator(f"{log_dir}/{run}")
        accumulator.Reload()
        tags = accumulator.Tags()["scalars"]
        print(f"{run}: scalar tags {sorted(tags)}")
        for tag in sorted(tags):
            print(f"  {tag}: " + ", ".join(f"({e.step}, {e.value:.6g})" for e in accumulator.Scalars(tag)))
        ok = ok and "epoch_loss" in tags
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "logs"))
