#!/usr/bin/python3
"""Real-table outlier bench: a rare class planted among the others, every row scored, ROC AUC.

Tables: the four classification tables bundled with scikit-learn (offline): iris (150 x 4),
wine (178 x 13), breast cancer (569 x 30), digits (1797 x 64; the columns in which fewer than
5 % of the rows differ from the column's most common value are dropped first, which leaves 50:
nearly blank pixels, and a column that is constant over a training subset cannot be trained on).

Protocol, for every table, every class c in turn and every seed s:
  inliers  = all rows of the other classes;
  outliers = round(0.08 * inliers) rows of class c drawn at random (seed s), i.e. 7.4 % of the
             rows (wine with class 0 planted: 119 + 10 = 129 rows);
  the rows are shuffled (seed s) and written as a CSV of the feature columns only;
  every method scores every row (higher = more outlying); ROC AUC against the planted labels.
A table's figure is the mean AUC over its classes and seeds; the overall figure is the mean of
the four tables' figures.

Methods (the reference ones with scikit-learn's defaults, on z-scored columns where distances
matter):
  flow      the product as a user runs it: ./flow train input=T.csv model=M.json (default keys,
            plus --train-keys), ./flow encode … outliers=<all rows>; the ranking is the
            product's outlier_rank (its default score), and the same table also gives the AUC
            of -log_px ("flow-density") and of z_radius ("flow-radius")
  iforest   IsolationForest(random_state=s), -score_samples
  lof       LocalOutlierFactor(n_neighbors=20), -negative_outlier_factor_, z-scored columns
  gauss     one Gaussian (EmpiricalCovariance), Mahalanobis distance, z-scored columns
  kde       KernelDensity(gaussian, bandwidth='scott'), -log density, z-scored columns

    /usr/bin/python3 bench/outlier_tables.py [--tables iris,wine,breast_cancer,digits]
        [--seeds 1,2,3] [--methods flow,iforest,lof,gauss,kde] [--train-keys 'hidden=64,64']
        [--encode-keys ''] [--flow ./flow] [--name flow] [--work bench/results/outliers]
        [--jsonl FILE]
    /usr/bin/python3 bench/outlier_tables.py --summarize A.jsonl,B.jsonl   (one table of split runs)

Needs scikit-learn for /usr/bin/python3 (the bench only; never the plugin or its tests).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import time

import numpy as np
from sklearn import datasets
from sklearn.covariance import EmpiricalCovariance
from sklearn.ensemble import IsolationForest
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import KernelDensity, LocalOutlierFactor

TABLES = ("iris", "wine", "breast_cancer", "digits")
OUTLIER_SHARE = 0.08  # planted rows per inlier row
MIN_VARIED = 0.05  # a column is kept when at least this share of rows differs from its mode


def load(name):
    b = getattr(datasets, "load_" + name)()
    x = np.asarray(b.data, dtype=float)
    names = [str(n) for n in b.feature_names]
    keep = []
    for j in range(x.shape[1]):
        _, counts = np.unique(x[:, j], return_counts=True)
        keep.append(1.0 - counts.max() / len(x) >= MIN_VARIED)
    keep = np.array(keep)
    return x[:, keep], [n for n, k in zip(names, keep) if k], np.asarray(b.target)


def planted(x, y, rare, seed):
    """(rows, labels): every row not of class `rare`, plus a random 8 % of their count of class `rare`."""
    rng = np.random.default_rng([seed, rare])
    inl = np.flatnonzero(y != rare)
    pool = np.flatnonzero(y == rare)
    k = int(round(OUTLIER_SHARE * len(inl)))
    out = rng.choice(pool, size=k, replace=False)
    idx = np.concatenate([inl, out])
    lab = np.concatenate([np.zeros(len(inl), int), np.ones(k, int)])
    order = rng.permutation(len(idx))
    return x[idx[order]], lab[order]


def zscore(x):
    sd = x.std(axis=0)
    return (x - x.mean(axis=0)) / np.where(sd > 0, sd, 1.0)


def score_reference(method, x, seed):
    if method == "iforest":
        return -IsolationForest(random_state=seed).fit(x).score_samples(x)
    z = zscore(x)
    if method == "lof":
        lof = LocalOutlierFactor(n_neighbors=20)
        lof.fit(z)
        return -lof.negative_outlier_factor_
    if method == "gauss":
        return EmpiricalCovariance().fit(z).mahalanobis(z)
    if method == "kde":
        return -KernelDensity(kernel="gaussian", bandwidth="scott").fit(z).score_samples(z)
    raise ValueError("unknown method " + method)


def write_csv(path, x, names):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for row in x:
            w.writerow([repr(float(v)) for v in row])


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + " failed with " + str(p.returncode) + ":\n" + p.stderr)
    return p.stderr


def score_flow(args, x, names, tag):
    """The product's ranking and its two scores for every row of x, trained and encoded by ./flow."""
    os.makedirs(args.work, exist_ok=True)
    data = os.path.join(args.work, tag + ".csv")
    model = os.path.join(args.work, tag + "-" + args.name + ".json")
    enc = os.path.join(args.work, tag + "-" + args.name + "-encoded.csv")
    write_csv(data, x, names)
    t0 = time.time()
    log = run([args.flow, "train", "input=" + data, "model=" + model] + args.train_keys.split())
    t1 = time.time()
    run([args.flow, "encode", "model=" + model, "input=" + data, "output=" + enc,
         "outliers=" + str(len(x))] + args.encode_keys.split())
    t2 = time.time()
    with open(enc) as f:
        r = csv.reader(f)
        head = next(r)
        rows = [row for row in r]
    col = {n: i for i, n in enumerate(head)}
    rank = np.array([float(row[col["outlier_rank"]]) for row in rows])
    scores = {
        args.name: len(rows) + 1 - rank,
        args.name + "-density": -np.array([float(row[col["log_px"]]) for row in rows]),
        args.name + "-radius": np.array([float(row[col["z_radius"]]) for row in rows]),
    }
    stopped = [l for l in log.splitlines() if "kept" in l]
    return scores, {"train_s": round(t1 - t0, 2), "encode_s": round(t2 - t1, 2),
                    "train_log": stopped[-1].strip() if stopped else ""}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--tables", default=",".join(TABLES))
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--classes", default="", help="only these planted classes (comma-separated); default all")
    p.add_argument("--methods", default="flow,iforest,lof,gauss,kde")
    p.add_argument("--flow", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "flow"))
    p.add_argument("--train-keys", default="")
    p.add_argument("--encode-keys", default="")
    p.add_argument("--name", default="flow", help="name of the flow's rows in the output")
    p.add_argument("--work", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "results", "outliers"))
    p.add_argument("--jsonl", default="", help="also append one JSON line per table, class, seed and method")
    p.add_argument("--write", default="", help="only write each planted table (T.csv) and its labels (T.labels, 1 = planted) into this folder")
    p.add_argument("--summarize", default="", help="only print the table of mean AUCs of these --jsonl files (comma-separated)")
    args = p.parse_args()
    if args.summarize:
        summarize(args.summarize.split(","))
        return
    seeds = [int(s) for s in args.seeds.split(",")]
    methods = args.methods.split(",")
    auc = {}  # (method, table) -> list of AUCs
    order = []
    for table in args.tables.split(","):
        x_all, names, y = load(table)
        classes = [int(c) for c in args.classes.split(",")] if args.classes else sorted(set(y.tolist()))
        for rare in classes:
            for seed in seeds:
                x, lab = planted(x_all, y, rare, seed)
                if args.write:
                    os.makedirs(args.write, exist_ok=True)
                    tag = os.path.join(args.write, "%s-c%d-s%d" % (table, rare, seed))
                    write_csv(tag + ".csv", x, names)
                    np.savetxt(tag + ".labels", lab, fmt="%d")
                    continue
                got = {}
                info = {}
                for m in methods:
                    if m == "flow":
                        s, info = score_flow(args, x, names, "%s-c%d-s%d" % (table, rare, seed))
                        got.update(s)
                    else:
                        got[m] = score_reference(m, x, seed)
                for m, s in got.items():
                    a = roc_auc_score(lab, s)
                    if m not in order:
                        order.append(m)
                    auc.setdefault((m, table), []).append(a)
                    if args.jsonl:
                        with open(args.jsonl, "a") as f:
                            f.write(json.dumps({"table": table, "rows": len(x), "columns": x.shape[1],
                                                "outliers": int(lab.sum()), "class": rare, "seed": seed,
                                                "method": m, "train_keys": args.train_keys if m.startswith(args.name) else "",
                                                "auc": round(a, 4), **(info if m.startswith(args.name) else {})}) + "\n")
                print("%-14s class %d seed %d (%d rows, %d planted): %s %s" % (
                    table, rare, seed, len(x), lab.sum(),
                    " ".join("%s %.3f" % (m, roc_auc_score(lab, s)) for m, s in got.items()),
                    info.get("train_log", "")), file=sys.stderr, flush=True)
    if args.write:
        return
    print_table(auc, order, args.tables.split(","))


def print_table(auc, order, tables):
    """The markdown table of mean AUC per method and table, and the mean over the tables."""
    print("| method | " + " | ".join(tables) + " | mean |")
    print("|---" * (len(tables) + 2) + "|")
    for m in order:
        cells = ["%.3f" % np.mean(auc[(m, t)]) if (m, t) in auc else "" for t in tables]
        mean = "%.3f" % np.mean([np.mean(auc[(m, t)]) for t in tables]) if all((m, t) in auc for t in tables) else ""
        print("| %s | %s | %s |" % (m, " | ".join(cells), mean))
    best = {t: max(np.mean(v) for (m, tt), v in auc.items() if tt == t) for t in tables}
    print("best per table: " + ", ".join("%s %.3f" % (t, best[t]) for t in tables))
    counts = {t: len(v) for (m, t), v in auc.items()}
    print("runs per table (classes x seeds): " + ", ".join("%s %d" % (t, counts[t]) for t in tables))


def summarize(files):
    """Collects the JSON lines of earlier runs (split by table or seed) into one table."""
    auc, order, tables = {}, [], []
    for name in files:
        with open(name) as f:
            for line in f:
                r = json.loads(line)
                auc.setdefault((r["method"], r["table"]), []).append(r["auc"])
                if r["method"] not in order:
                    order.append(r["method"])
                if r["table"] not in tables:
                    tables.append(r["table"])
    print_table(auc, order, [t for t in TABLES if t in tables])


if __name__ == "__main__":
    main()
