#!/usr/bin/python3
"""Are the demo's gmm8 outliers the truly unlikely points?

For each data seed s: the product draws 1,000 gmm8 points as `./flow demo` does
(`./flow sample dataset=gmm8 samples=1000 seed=s`), trains on them with the demo's settings
(`./flow train … seed=1`, every other key at its default, plus --train-keys) and encodes them
with `outliers=10`. The 10 rows truly least likely under the exact mixture density are the
target; the bench counts how many of them are among the flow's top 10 by the product's own
ranking (`outlier_rank`, its default score), by -log_px and by z_radius, and what two
references get on the same points: a mixture of 8 Gaussians fitted by EM (scikit-learn's
GaussianMixture, full covariances, random_state=s) and a Gaussian kernel density (bandwidth by
Scott's rule, and by 5-fold likelihood cross-validation over 0.02-0.5).

    /usr/bin/python3 bench/gmm8_outliers.py [--seeds 1,2,3,4,5,6] [--train-keys ''] [--flow ./flow]
        [--work bench/results/gmm8-outliers] [--fresh 20000]

Why a flow misses: each seed's line ends with the error of the flow's log p_X against the exact
log density (median and sd, in nats) on the 10 truly least likely rows it was trained on, and
(median and the most negative) on the 1 % least likely of --fresh rows drawn anew (seed
1000 + s) that it never saw: a flow that raises the density of the tail rows it saw more than
that of fresh tail rows has learned them.
"""
import argparse
import csv
import os
import subprocess
import time

import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import KernelDensity

from gen_data import gmm8_log_density

TOP = 10


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(" ".join(cmd) + " failed with " + str(p.returncode) + ":\n" + p.stderr)
    return p.stderr


def read(path):
    with open(path) as f:
        r = csv.reader(f)
        head = next(r)
        rows = [[float(v) for v in row] for row in r]
    return head, np.array(rows)


def top(score, k=TOP):
    """Rows of the k largest scores (ties by row order)."""
    return set(np.argsort(-score, kind="stable")[:k].tolist())


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seeds", default="1,2,3,4,5,6")
    p.add_argument("--train-keys", default="")
    p.add_argument("--flow", default=os.path.join(here, "..", "flow"))
    p.add_argument("--work", default=os.path.join(here, "results", "gmm8-outliers"))
    p.add_argument("--fresh", type=int, default=20000, help="fresh rows for the tail-error diagnosis (0: none)")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    counts = {}
    errs = {}
    for s in [int(v) for v in a.seeds.split(",")]:
        data = os.path.join(a.work, "data-%d.csv" % s)
        model = os.path.join(a.work, "model-%d.json" % s)
        enc = os.path.join(a.work, "encoded-%d.csv" % s)
        run([a.flow, "sample", "dataset=gmm8", "samples=1000", "seed=%d" % s, "output=" + data])
        t0 = time.time()
        log = run([a.flow, "train", "input=" + data, "model=" + model, "seed=1"] + a.train_keys.split())
        seconds = time.time() - t0
        run([a.flow, "encode", "model=" + model, "input=" + data, "output=" + enc, "outliers=%d" % TOP])
        head, e = read(enc)
        col = {n: i for i, n in enumerate(head)}
        x = e[:, [col["x"], col["y"]]]
        truth = top(-gmm8_log_density(x))
        rank = e[:, col["outlier_rank"]]
        got = {
            "product": set(np.flatnonzero(rank > 0).tolist()),
            "-log_px": top(-e[:, col["log_px"]]),
            "z_radius": top(e[:, col["z_radius"]]),
            "EM GMM 8": top(-GaussianMixture(8, random_state=s).fit(x).score_samples(x)),
            "KDE Scott": top(-KernelDensity(bandwidth="scott").fit(x).score_samples(x)),
        }
        cv = GridSearchCV(KernelDensity(), {"bandwidth": np.geomspace(0.02, 0.5, 15)}, cv=5).fit(x)
        got["KDE CV (h %.3f)" % cv.best_params_["bandwidth"]] = top(-cv.best_estimator_.score_samples(x))
        line = []
        for name, rows in got.items():
            k = len(rows & truth)
            counts.setdefault(name.split(" (")[0], []).append(k)
            line.append("%s %d" % (name, k))
        kept = [l.strip() for l in log.splitlines() if "kept" in l]
        err = e[:, col["log_px"]] - gmm8_log_density(x)
        least = sorted(truth)
        diag = "tail error: trained rows %+.2f sd %.2f" % (np.median(err[least]), err[least].std())
        if a.fresh > 0:
            fresh = os.path.join(a.work, "fresh-%d.csv" % s)
            fenc = os.path.join(a.work, "fresh-encoded-%d.csv" % s)
            run([a.flow, "sample", "dataset=gmm8", "samples=%d" % a.fresh, "seed=%d" % (1000 + s), "output=" + fresh])
            run([a.flow, "encode", "model=" + model, "input=" + fresh, "output=" + fenc, "outliers=0"])
            fh, fe = read(fenc)
            fcol = {n: i for i, n in enumerate(fh)}
            fx = fe[:, [fcol["x"], fcol["y"]]]
            ft = gmm8_log_density(fx)
            tail = np.argsort(ft, kind="stable")[:max(1, len(ft) // 100)]
            ferr = fe[tail, fcol["log_px"]] - ft[tail]
            diag += ", fresh rows %+.2f (most negative %+.1f)" % (np.median(ferr), ferr.min())
            errs.setdefault("trained", []).append(np.median(err[least]))
            errs.setdefault("fresh", []).append(np.median(ferr))
        print("seed %d: %s  (train %.1f s; %s; %s)" % (s, ", ".join(line), seconds, kept[-1] if kept else "", diag), flush=True)
    print("of the true top %d, median over seeds: %s" % (TOP, ", ".join(
        "%s %g (%s)" % (n, np.median(v), "/".join(str(c) for c in v)) for n, v in counts.items())))
    if errs:
        print("tail error of log p_X, median over seeds: trained rows %+.2f, fresh rows %+.2f" % (
            np.median(errs["trained"]), np.median(errs["fresh"])))


if __name__ == "__main__":
    main()
