#!/usr/bin/python3
"""Checks the reference itself, in float64: for a few points, log p_X from the model equals
log N(f(x); 0, I) + log|det J_f(x)| with J_f from torch.autograd.functional.jacobian of the
whole map x -> z (standardization included), log_det_j equals log|det J_f|, and decode
inverts encode. Models with random (non-zero) last layers, D = 1, 2, 3, 5; exits 1 when a
difference exceeds tolerance * max(1, max |log_px|).

    /usr/bin/python3 bench/torch_check.py [--tolerance 1e-10]
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import argparse
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_realnvp as R  # noqa: E402


def check(dim, couplings, hidden, points, seed):
    torch.manual_seed(seed)
    model = R.RealNVP(dim, hidden, couplings, clamp=2.0).double()
    x = torch.randn(200, dim, dtype=torch.float64) * torch.linspace(0.5, 3.0, dim) + 1.0
    model.set_standardization(x)
    with torch.no_grad():
        for c in model.couplings:  # leave the identity: large enough to exercise tanh and exp
            c.net[-1].weight.normal_(0.0, 0.05)
            c.net[-1].bias.normal_(0.0, 0.3)
    xs = x[:points]
    z, log_px, log_pz, log_det = model(xs)
    worst = {"log_px_vs_autograd": 0.0, "log_det_vs_autograd": 0.0, "log_pz": 0.0, "roundtrip": 0.0}
    for i in range(points):
        jac = torch.autograd.functional.jacobian(lambda v: model.encode(v[None, :])[0][0], xs[i])
        sign, logabs = torch.linalg.slogdet(jac)
        zi = z[i]
        log_pz_direct = -0.5 * float(zi @ zi) - 0.5 * dim * R.LOG_2PI
        worst["log_px_vs_autograd"] = max(worst["log_px_vs_autograd"],
                                          abs(float(log_px[i]) - (log_pz_direct + float(logabs))))
        worst["log_det_vs_autograd"] = max(worst["log_det_vs_autograd"], abs(float(log_det[i]) - float(logabs)))
        worst["log_pz"] = max(worst["log_pz"], abs(float(log_pz[i]) - log_pz_direct))
    with torch.no_grad():
        x_back, log_det_inv = model.decode(z)
        worst["roundtrip"] = float((x_back - xs).abs().max())
        worst["decode_logdet"] = float((log_det_inv + log_det).abs().max())
    return worst, float(log_px.abs().max())


def main():
    p = argparse.ArgumentParser(description="autograd Jacobian check of the reference RealNVP (float64)")
    p.add_argument("--tolerance", type=float, default=1e-10)
    p.add_argument("--points", type=int, default=8)
    a = p.parse_args()
    torch.set_num_threads(2)
    ok = True
    for dim, couplings, hidden in [(1, 3, [16, 16]), (2, 8, [256, 256]), (3, 4, [32]), (5, 5, [64, 64]),
                                   (2, 2, [])]:
        worst, scale = check(dim, couplings, hidden, a.points, seed=dim)
        # relative to the size of the numbers compared (|log_px| reaches ~1e2 here)
        bad = [k for k, v in worst.items() if not v <= a.tolerance * max(1.0, scale)]
        ok &= not bad
        print(f"D={dim} K={couplings} hidden={hidden}: " + ", ".join(f"{k} {v:.2e}" for k, v in worst.items())
              + f" (max |log_px| {scale:.3g})" + ("  FAIL" if bad else "  ok"))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
