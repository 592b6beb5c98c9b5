#!/usr/bin/python3
"""Writes benchmark CSVs (header x,y[,x3,...]) and holds the exact gmm8 density.

gmm8: 8 equal-weight Gaussians, means (14 cos(2 pi k/8), 14 sin(2 pi k/8)) for k = 1..8,
sd 1, everything divided by 10 (so means on a circle of radius 1.4, sd 0.1).
For --dim D > 2 the extra columns are N(0, 0.1^2) noise (only used for timing).

    /usr/bin/python3 bench/gen_data.py --rows 12800 --seed 1 --output train.csv
"""
import argparse
import math

import numpy as np

GMM8_RADIUS, GMM8_SD, GMM8_SCALE = 14.0, 1.0, 10.0


def gmm8_means():
    k = np.arange(1, 9)
    ang = 2.0 * math.pi * k / 8.0
    return np.column_stack([np.cos(ang), np.sin(ang)]) * GMM8_RADIUS / GMM8_SCALE


def gmm8_sample(n, rng):
    comp = rng.integers(0, 8, size=n)
    return gmm8_means()[comp] + rng.normal(size=(n, 2)) * (GMM8_SD / GMM8_SCALE)


def gmm8_log_density(x):
    """Exact log p(x) of the mixture, x: n x 2."""
    sd = GMM8_SD / GMM8_SCALE
    d2 = ((x[:, None, :] - gmm8_means()[None, :, :]) ** 2).sum(axis=2)      # n x 8
    comp = -0.5 * d2 / sd ** 2 - 2.0 * math.log(sd) - math.log(2.0 * math.pi) - math.log(8.0)
    mx = comp.max(axis=1)
    return mx + np.log(np.exp(comp - mx[:, None]).sum(axis=1))


def points(n, dim, rng):
    x = gmm8_sample(n, rng)
    if dim == 1:
        return x[:, :1]
    if dim > 2:
        x = np.hstack([x, rng.normal(size=(n, dim - 2)) * 0.1])
    return x


def column_names(dim):
    return (["x", "y"] + [f"x{j}" for j in range(3, dim + 1)])[:dim]


def main():
    p = argparse.ArgumentParser(description="write a gmm8 CSV")
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--dim", type=int, default=2)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--output", required=True)
    a = p.parse_args()
    x = points(a.rows, a.dim, np.random.default_rng(a.seed))
    # '%s' = shortest repr that round-trips the double
    np.savetxt(a.output, x, fmt="%s", delimiter=",", header=",".join(column_names(a.dim)), comments="")


if __name__ == "__main__":
    main()
