#!/usr/bin/env python3
"""Reference figure for bench/gmm8-kl.sh: KL(p||q) of a plain Gaussian kernel density estimate q
built on as many points of the article's 8-bump mixture as a flow trains on (3,600: 4,000 less
the 10 % validation split), for several bandwidths given as fractions of each column's sd (the
units of the Train command's `noise`). Training noise of sd h makes a flow fit the table smoothed
by a kernel of that width, so this is what a flow that fitted that target exactly would score.

    /usr/bin/python3 bench/gmm8_kde.py [--train 3600] [--test 20000] [--seed 5]

numpy only; the mixture comes from gen_data.py (numpy's generator), not from the Java code.
"""
import argparse
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_data import gmm8_log_density, gmm8_sample  # noqa: E402


def kde_log_density(x, points, bandwidth):
    out = []
    norm = math.log(2 * math.pi * bandwidth[0] * bandwidth[1])
    for start in range(0, len(x), 2000):
        block = x[start:start + 2000]
        sq = (((block[:, None, :] - points[None]) / bandwidth) ** 2).sum(-1) / 2
        low = sq.min(1)
        out.append(np.log(np.mean(np.exp(-(sq - low[:, None])), 1)) - low - norm)
    return np.concatenate(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=3600)
    parser.add_argument("--test", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    points = gmm8_sample(args.train, rng)
    test = gmm8_sample(args.test, rng)
    log_p = gmm8_log_density(test)
    sd = points.std(0)
    print(f"KDE on {args.train} points, {args.test} held-out points")
    for h in (0.02, 0.03, 0.04, 0.05, 0.06):
        kl = np.mean(log_p - kde_log_density(test, points, h * sd))
        print(f"bandwidth {h:.2f} sd: KL(p||q) {kl:.4f} nats")


if __name__ == "__main__":
    main()
