#!/usr/bin/python3
"""An independent reader of Flow Models model files, written from docs/model-format.md alone
(bench/ only: it checks that the document is enough to compute what the plugin computes).

    /usr/bin/python3 bench/model_reader.py MODEL.json DATA.csv [ENCODED.csv]

Prints log p_X and z for the rows of DATA.csv (columns by name); with ENCODED.csv (the output
of `./flow encode` on the same data) prints the largest differences of z and log_px instead.
Uses the textbook spline formula of the document, not the plugin's rewritten one, and decodes
z back to x to check the inverse formulas too.
"""
import csv
import json
import math
import sys

import numpy as np


def load(path):
    with open(path, encoding="utf-8") as f:
        m = json.load(f)
    if m.get("format") != "flow-models-realnvp":
        raise SystemExit(f"{path}: not a Flow Models model")
    if m["version"] not in (1, 2, 3):
        raise SystemExit(f"{path}: version {m['version']} unknown")
    a = m["architecture"]
    kind = "affine" if m["version"] == 1 else a["coupling"]
    for s in (a, a.get("marginal", {})):
        if s.get("min_bin", 0.001) != 0.001 or s.get("min_derivative", 0.001) != 0.001:
            raise SystemExit(f"{path}: unknown spline constants")
    return m, kind


def network(layers, h):
    """h: rows x in; returns rows x out (LeakyReLU 0.01 between layers, linear last)."""
    for i, layer in enumerate(layers):
        w = np.array(layer["weights"], dtype=float).reshape(layer["in"], layer["out"])
        h = h @ w + np.array(layer["bias"], dtype=float)
        if i < len(layers) - 1:
            h = np.where(h > 0, h, 0.01 * h)
    return h


def softmax(u):
    e = np.exp(u - u.max())
    return e / e.sum()


def knots(raw, n, tail):
    f = 0.001 + (1 - n * 0.001) * softmax(raw)
    k = np.empty(n + 1)
    k[0] = -tail
    k[1:n] = -tail + 2 * tail * np.cumsum(f)[: n - 1]
    k[n] = tail
    return k


def spline_params(theta, m, j, n, tail):
    xs = knots(np.array([theta[i * m + j] for i in range(n)]), n, tail)
    ys = knots(np.array([theta[(n + i) * m + j] for i in range(n)]), n, tail)
    d = np.ones(n + 1)
    for i in range(1, n):
        r = theta[(2 * n + i - 1) * m + j]
        sp = math.log1p(math.exp(r)) if r < 30 else r
        d[i] = 1 + (1 - 0.001) * (sp / math.log(2) - 1)
    return xs, ys, d


def find_bin(k, v, n):
    b = 0
    while b < n - 1 and v >= k[b + 1]:
        b += 1
    return b


def spline_forward(v, xs, ys, d, n, tail):
    if v < -tail or v > tail:
        return v, 0.0
    k = find_bin(xs, v, n)
    w, h = xs[k + 1] - xs[k], ys[k + 1] - ys[k]
    s = h / w
    xi = (v - xs[k]) / w
    den = s + (d[k + 1] + d[k] - 2 * s) * xi * (1 - xi)
    y = ys[k] + h * (s * xi * xi + d[k] * xi * (1 - xi)) / den
    dydx = s * s * (d[k + 1] * xi * xi + 2 * s * xi * (1 - xi) + d[k] * (1 - xi) ** 2) / den ** 2
    return y, math.log(dydx)


def spline_inverse(v, xs, ys, d, n, tail):
    if v < -tail or v > tail:
        return v
    k = find_bin(ys, v, n)
    w, h = xs[k + 1] - xs[k], ys[k + 1] - ys[k]
    s = h / w
    c = d[k + 1] + d[k] - 2 * s
    eta = (v - ys[k]) / h
    alpha, beta = s - d[k] + eta * c, d[k] - eta * c
    root = math.sqrt(max(0.0, beta * beta + 4 * alpha * s * eta))
    xi = 2 * s * eta / (beta + root) if beta >= 0 else (root - beta) / (2 * alpha)
    return xs[k] + w * xi


def coupling(model, kind, k, x, inverse=False):
    """One coupling on rows x (in place); returns the log-derivative sums of the forward map."""
    dim = model["architecture"]["dimension"]
    return elementwise(model["architecture"], kind, model["couplings"][k]["layers"], dim // 2, x, inverse)


def shapes(model, x, inverse=False):
    """The column shapes (version 3, if the model has them) on rows x (in place), as coupling()."""
    s = model["architecture"].get("marginal")
    if s is None:
        return np.zeros(len(x))
    return elementwise(s, s["kind"], model["marginal"]["layers"], 0, x, inverse)


def elementwise(a, kind, layers, d, x, inverse):
    """Maps columns d.. of x by the maps of kind `kind` (settings in a) whose parameters the network gives."""
    m = x.shape[1] - d
    theta = network(layers, x[:, :d])
    logdet = np.zeros(len(x))
    for i in range(len(x)):
        for j in range(m):
            v = x[i, d + j]
            if kind == "affine":
                s = a["clamp"] * math.tanh(theta[i, j] / a["clamp"])
                t = theta[i, m + j]
                x[i, d + j] = (v - t) * math.exp(-s) if inverse else v * math.exp(s) + t
                logdet[i] += s
            else:
                n, tail = a["bins"], a["tail"]
                xs, ys, dd = spline_params(theta[i], m, j, n, tail)
                if inverse:
                    x[i, d + j] = spline_inverse(v, xs, ys, dd, n, tail)
                    logdet[i] += spline_forward(x[i, d + j], xs, ys, dd, n, tail)[1]
                else:
                    x[i, d + j], ld = spline_forward(v, xs, ys, dd, n, tail)
                    logdet[i] += ld
    return logdet


def encode(model, kind, data):
    mean = np.array(model["standardization"]["mean"])
    std = np.array(model["standardization"]["std"])
    x = (data - mean) / std
    logdet = np.full(len(x), -np.log(std).sum()) + shapes(model, x)
    perms = model["permutations"]
    for k in range(model["architecture"]["couplings"]):
        logdet += coupling(model, kind, k, x)
        if k < len(perms):
            x = x[:, perms[k]]
    dim = x.shape[1]
    logpx = -0.5 * (x * x).sum(axis=1) - dim / 2 * math.log(2 * math.pi) + logdet
    return x, logpx


def decode(model, kind, z):
    x = z.copy()
    perms = model["permutations"]
    for k in reversed(range(model["architecture"]["couplings"])):
        if k < len(perms):
            back = np.empty_like(x)
            back[:, perms[k]] = x
            x = back
        coupling(model, kind, k, x, inverse=True)
    shapes(model, x, inverse=True)
    return x * np.array(model["standardization"]["std"]) + np.array(model["standardization"]["mean"])


def read_columns(path, names):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    return np.array([[float(r[head.index(c)]) for c in names] for r in rows[1:]])


def main():
    model, kind = load(sys.argv[1])
    cols = model["columns"]
    data = read_columns(sys.argv[2], cols)
    z, logpx = encode(model, kind, data)
    back = decode(model, kind, z)
    roundtrip = np.abs(back - data).max()
    if len(sys.argv) > 3:
        dim = len(cols)
        flow_z = read_columns(sys.argv[3], [f"z{j + 1}" for j in range(dim)])
        flow_lp = read_columns(sys.argv[3], ["log_px"])[:, 0]
        print(json.dumps({"model": sys.argv[1], "coupling": kind, "rows": len(data),
                          "max_abs_z_difference": float(np.abs(z - flow_z).max()),
                          "max_abs_log_px_difference": float(np.abs(logpx - flow_lp).max()),
                          "max_abs_roundtrip_error": float(roundtrip)}))
    else:
        print("log_px," + ",".join(f"z{j + 1}" for j in range(len(cols))))
        for lp, zi in zip(logpx, z):
            print(repr(float(lp)) + "," + ",".join(repr(float(v)) for v in zi))


if __name__ == "__main__":
    main()
