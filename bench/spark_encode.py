#!/usr/bin/python3
"""Rows per second of `./flow spark encode` on local[1] and local[2] against the single-process
`./flow encode` on the same rows:

    /usr/bin/python3 bench/spark_encode.py [--rows 4000000] [--files 8] [--reps 3] [--masters local[1],local[2]] [--dims 2]

Samples gmm8 rows once (--dims 30: a mixture of four correlated Gaussians in 30 dimensions,
numpy), as one CSV and as the same rows split in order into --files CSV files of a folder,
trains one model of 8 couplings of [256,256] on 12,800 rows of the same kind (10 epochs; 30 dimensions: 5), then
per repetition runs the
single-process encode of the one file and the Spark encode of the folder on each master, in an
order that rotates between repetitions, each a whole process from start-up to the last byte
written. Every Spark output, its files put together, is compared byte for byte with the
single-process output. Prints a Markdown table of medians (wall seconds, rows/s, ratio to the
single process, rows/s per core) and the load average before and after.
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from side_by_side import FIXED_SIZE, load1, run  # noqa: E402


def split(source, folder, files):
    """The data rows of source, in order, into files part-00.csv … of folder, each with the header."""
    os.makedirs(folder)
    with open(source, "rb") as f:
        header = f.readline()
        rows = f.readlines()
    per = -(-len(rows) // files)
    for i in range(files):
        with open(os.path.join(folder, f"part-{i:02d}.csv"), "wb") as out:
            out.write(header)
            out.writelines(rows[i * per:(i + 1) * per])


def digest_single(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def digest_folder(folder):
    """The hash of the folder's files put together in name order, the header once."""
    h = hashlib.sha256()
    for i, name in enumerate(sorted(os.listdir(folder))):
        with open(os.path.join(folder, name), "rb") as f:
            if i > 0:
                f.readline()
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def gauss(path, rows, dims, seed):
    """rows points of a fixed mixture of four correlated Gaussians in dims dimensions, as CSV."""
    import numpy as np
    shape = np.random.default_rng(12345)
    means = shape.normal(0, 3, (4, dims))
    mixing = shape.normal(0, 1, (4, dims, dims)) / np.sqrt(dims)
    r = np.random.default_rng(seed)
    with open(path, "w") as f:
        f.write(",".join(f"f{j + 1}" for j in range(dims)) + "\n")
        for start in range(0, rows, 100_000):
            n = min(100_000, rows - start)
            k = r.integers(0, 4, n)
            x = means[k] + np.einsum("nij,nj->ni", mixing[k], r.normal(0, 1, (n, dims)))
            f.writelines(",".join(repr(float(v)) for v in row) + "\n" for row in x)


def sample(flow, path, rows, dims, seed):
    if dims == 2:
        subprocess.run([flow, "sample", "dataset=gmm8", f"samples={rows}", f"seed={seed}", f"output={path}"], check=True,
                       stderr=subprocess.DEVNULL)
    else:
        gauss(path, rows, dims, seed)


def remove(path):
    subprocess.run(["rm", "-rf", path], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rows", type=int, default=4_000_000)
    p.add_argument("--files", type=int, default=8)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--masters", default="local[1],local[2]")
    p.add_argument("--dims", type=int, default=2)
    a = p.parse_args()
    masters = a.masters.split(",")
    data = os.path.join(HERE, "results")
    os.makedirs(data, exist_ok=True)
    flow = os.path.join(TOP, "flow")
    kind = "" if a.dims == 2 else f"d{a.dims}_"
    model = os.path.join(data, "scaling_model.json" if a.dims == 2 else f"spark_{kind}model.json")
    if not os.path.exists(model):
        train = os.path.join(data, "jobs_train_12800.csv" if a.dims == 2 else f"spark_{kind}train.csv")
        if not os.path.exists(train):
            sample(flow, train, 12800, a.dims, 1)
        epochs = "10" if a.dims == 2 else "5"
        subprocess.run([flow, "train", f"input={train}", f"model={model}", f"epochs={epochs}", "validation=0"] + FIXED_SIZE, check=True,
                       stderr=subprocess.DEVNULL)
    single_in = os.path.join(data, f"spark_{kind}{a.rows}.csv")
    folder_in = os.path.join(data, f"spark_{kind}{a.rows}_{a.files}")
    if not os.path.exists(single_in):
        sample(flow, single_in, a.rows, a.dims, 3)
    if not os.path.exists(folder_in):
        split(single_in, folder_in, a.files)
    # builds both on first use, outside the timings
    subprocess.run([flow, "spark", "help"], check=True, stdout=subprocess.DEVNULL)
    runs = ["single"] + masters
    res = {r: [] for r in runs}
    before = load1()
    expected = None
    for rep in range(a.reps):
        order = runs[rep % len(runs):] + runs[:rep % len(runs)]
        for r in order:
            if r == "single":
                out = os.path.join(data, "spark_single_encoded.csv")
                cmd = [flow, "encode", f"model={model}", f"input={single_in}", f"output={out}"]
            else:
                out = os.path.join(data, "spark_encoded")
                remove(out)
                cmd = [flow, "spark", "encode", f"model={model}", f"input={folder_in}", f"output={out}", f"master={r}"]
            s, wall, cpu, rss, stdout, err = run(cmd)
            if s != 0:
                raise SystemExit(f"{r} failed: {err}")
            digest = digest_single(out) if r == "single" else digest_folder(out)
            if r == "single":
                expected = expected or digest
            if expected is not None and digest != expected and r != "single":
                raise SystemExit(f"{r}: the output differs from the single process's")
            res[r].append((wall, cpu))
            phases = "".join(f"  ({line})" for line in stdout.splitlines() if line.startswith("first pass"))
            print(f"  rep {rep + 1} {r:>9} {wall:7.2f} s  cpu {cpu:7.2f} s  load {load1():.1f}{phases}", file=sys.stderr)
    after = load1()
    single = statistics.median(w for w, _ in res["single"])
    what = "gmm8 rows (D = 2)" if a.dims == 2 else f"rows of a {a.dims}-dimensional Gaussian mixture"
    print(f"{a.rows:,d} {what}, model of 8 couplings of [256,256], double; Spark input: {a.files} files. "
          f"Load average (1 min) {before:.1f} before, {after:.1f} after. Medians of {a.reps}.\n")
    print("| run | wall s | CPU s | rows/s | ratio to single process | rows/s per core |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        wall = statistics.median(w for w, _ in res[r])
        cpu = statistics.median(c for _, c in res[r])
        cores = 2 if r == "single" else int(r[r.index("[") + 1:-1])
        name = "`./flow encode` (one file)" if r == "single" else f"`./flow spark encode` {r}"
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {a.rows / wall:,.0f} | {single / wall:.2f} | {a.rows / wall / cores:,.0f} |")


if __name__ == "__main__":
    main()
