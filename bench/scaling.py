#!/usr/bin/python3
"""Whole-process cost of `./flow encode` (CSV to CSV, every encode column) against the number
of rows, at a fixed heap:

    /usr/bin/python3 bench/scaling.py [--rows 10000,100000,1000000] [--reps 3] [--xmx 1g]

Trains one default model on 12,800 gmm8 rows (10 epochs) once, then encodes gmm8 CSVs of each
size under FLOW_JAVA_OPTS=-Xmx…, repetition by repetition, and prints a Markdown table of
median wall time, CPU time, peak resident memory and microseconds per row. Linear cost shows
as a constant µs/row once start-up (about 0.3 s) is small against the work.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from side_by_side import FIXED_SIZE, run  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", default="10000,100000,1000000")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--xmx", default="1g")
    a = p.parse_args()
    sizes = [int(n) for n in a.rows.split(",")]
    data = os.path.join(HERE, "results")
    os.makedirs(data, exist_ok=True)
    flow = os.path.join(TOP, "flow")
    model = os.path.join(data, "scaling_model.json")
    if not os.path.exists(model):
        train = os.path.join(data, "jobs_train_12800.csv")
        if not os.path.exists(train):
            subprocess.run([flow, "sample", "dataset=gmm8", "samples=12800", "seed=1", f"output={train}"], check=True)
        subprocess.run([flow, "train", f"input={train}", f"model={model}", "epochs=10", "validation=0"] + FIXED_SIZE, check=True,
                       stderr=subprocess.DEVNULL)
    inputs = {}
    for n in sizes:
        inputs[n] = os.path.join(data, f"scaling_{n}.csv")
        if not os.path.exists(inputs[n]):
            subprocess.run([flow, "sample", "dataset=gmm8", f"samples={n}", "seed=3", f"output={inputs[n]}"], check=True,
                           stderr=subprocess.DEVNULL)
    env = dict(os.environ, FLOW_JAVA_OPTS=f"-Xmx{a.xmx}")
    res = {n: [] for n in sizes}
    for rep in range(a.reps):
        for n in sizes:
            out = os.path.join(data, f"scaling_{n}_encoded.csv")
            s, wall, cpu, rss, _, err = run([flow, "encode", f"model={model}", f"input={inputs[n]}", f"output={out}"], env)
            if s != 0:
                raise SystemExit(f"encode of {n} rows failed: {err}")
            res[n].append((wall, cpu, rss))
            print(f"  {n:>9,d} rows  {wall:7.2f} s  cpu {cpu:7.2f} s  {rss:6.0f} MiB", file=sys.stderr)
    print(f"| rows | wall s (median of {a.reps}) | CPU s | peak RSS MiB | µs per row (wall) |")
    print("|---|---|---|---|---|")
    for n in sizes:
        wall = statistics.median(r[0] for r in res[n])
        cpu = statistics.median(r[1] for r in res[n])
        rss = max(r[2] for r in res[n])
        print(f"| {n:,d} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {1e6 * wall / n:.1f} |")
    print(f"\n./flow encode with FLOW_JAVA_OPTS=-Xmx{a.xmx}, model {os.path.relpath(model, TOP)} "
          f"(8 couplings of [256,256], D = 2)")


if __name__ == "__main__":
    main()
