#!/usr/bin/python3
"""Quality of the PyTorch reference on gmm8: KL(p || q) = E_p[log p(x) - log q(x)], estimated on
held-out samples of the true mixture with its exact log-density (bench/gen_data.py).

Per run: train on `--train` gmm8 samples (data seed `--data-seed`, the same for every run) with
validation 0.1, batch 128, lr 1e-3, patience 10, for ceil(steps / batches-per-epoch) epochs and
at most `--steps` minibatch steps (early stopping may end it sooner; best weights restored);
then KL on `--test` fresh samples (seed `--test-seed`). One JSON line per run on stdout,
a summary on stderr.

    /usr/bin/python3 bench/torch_gmm8_kl.py                       # 8x[256,256] and 4x[256,256], seeds 1,2,3
    /usr/bin/python3 bench/torch_gmm8_kl.py --archs 8:256,256 --seeds 1 --write-data bench/results
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import argparse
import json
import math
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_data  # noqa: E402
import torch_realnvp as R  # noqa: E402


def kl_estimate(model, x_test):
    """(KL, standard error, mean log q) with log q evaluated in float64."""
    m64 = R.RealNVP(model.dim, model.hidden, len(model.couplings), model.clamp, model.coupling, model.bins, model.tail).double()
    m64.load_state_dict({k: v.double() for k, v in model.state_dict().items()})
    with torch.no_grad():
        log_q = np.concatenate([m64.log_prob(torch.as_tensor(x_test[i:i + 65536])).numpy()
                                for i in range(0, len(x_test), 65536)])
    diff = gen_data.gmm8_log_density(x_test) - log_q
    return float(diff.mean()), float(diff.std(ddof=1) / math.sqrt(len(diff))), float(log_q.mean())


def main():
    p = argparse.ArgumentParser(description="KL(p||q) of the torch reference on gmm8")
    p.add_argument("--archs", default="8:256,256;4:256,256",
                   help="';'-separated COUPLINGS:HIDDEN, e.g. '8:256,256;4:256,256'")
    p.add_argument("--seeds", default="1,2,3")
    p.add_argument("--train", type=int, default=4000)
    p.add_argument("--test", type=int, default=100_000)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--validation", type=float, default=0.1)
    p.add_argument("--patience", type=int, default=10)
    p.add_argument("--clamp", type=float, default=2.0)
    p.add_argument("--coupling", choices=["affine", "spline"], default="affine")
    p.add_argument("--bins", type=int, default=8)
    p.add_argument("--tail", type=float, default=3.0)
    p.add_argument("--data-seed", type=int, default=1)
    p.add_argument("--test-seed", type=int, default=12345)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dtype", choices=sorted(R.DTYPES), default="float32")
    p.add_argument("--write-data", metavar="DIR",
                   help="also write the training and test sets as CSV (for the Java side)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)

    x_train = gen_data.gmm8_sample(a.train, np.random.default_rng(a.data_seed))
    x_test = gen_data.gmm8_sample(a.test, np.random.default_rng(a.test_seed))
    if a.write_data:
        os.makedirs(a.write_data, exist_ok=True)
        for name, x in [("gmm8_kl_train.csv", x_train), ("gmm8_kl_test.csv", x_test)]:
            np.savetxt(os.path.join(a.write_data, name), x, fmt="%s", delimiter=",", header="x,y", comments="")
    n_val = int(round(a.validation * a.train))
    per_epoch = math.ceil((a.train - n_val) / a.batch)
    epochs = math.ceil(a.steps / per_epoch)
    entropy = -float(gen_data.gmm8_log_density(x_test).mean())

    results = []
    for arch in a.archs.split(";"):
        k, hidden = arch.split(":")
        for seed in [int(s) for s in a.seeds.split(",")]:
            t0 = time.perf_counter()
            model, info = R.train(x_train, hidden=R.parse_hidden(hidden), couplings=int(k), epochs=epochs,
                                  batch=a.batch, lr=a.lr, validation=a.validation, patience=a.patience,
                                  clamp=a.clamp, seed=seed, dtype=R.DTYPES[a.dtype], max_steps=a.steps,
                                  coupling=a.coupling, bins=a.bins, tail=a.tail)
            secs = time.perf_counter() - t0
            kl, se, mean_log_q = kl_estimate(model, x_test)
            row = {"tool": "torch", "workload": "gmm8_kl", "couplings": int(k), "hidden": R.parse_hidden(hidden),
                   "coupling": a.coupling, "bins": a.bins, "tail": a.tail,
                   "seed": seed, "dtype": a.dtype, "train": a.train, "test": a.test, "kl": kl, "kl_se": se,
                   "test_mean_log_q": mean_log_q, "true_entropy": entropy, "steps": info["steps"],
                   "epochs_run": len(info["history"]), "best_epoch": info["best_epoch"],
                   "best_val_nll": info["best_val_nll"], "train_seconds": secs, **R.environment()}
            results.append(row)
            print(json.dumps(row), flush=True)
            print(f"K={k} hidden=[{hidden}] seed={seed}: KL {kl:.4f} +- {se:.4f} (test mean log q {mean_log_q:.4f}, "
                  f"entropy of p {entropy:.4f}), {info['steps']} steps, {len(info['history'])} epochs, "
                  f"best epoch {info['best_epoch']}, {secs:.1f} s", file=sys.stderr, flush=True)
    print("# summary", file=sys.stderr)
    for arch in a.archs.split(";"):
        k, hidden = arch.split(":")
        kls = [r["kl"] for r in results if r["couplings"] == int(k) and r["hidden"] == R.parse_hidden(hidden)]
        print(f"K={k} hidden=[{hidden}]: KL median {statistics.median(kls):.4f}, mean {statistics.mean(kls):.4f}, "
              f"runs {', '.join(f'{v:.4f}' for v in kls)}", file=sys.stderr)


if __name__ == "__main__":
    main()
