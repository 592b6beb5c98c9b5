#!/usr/bin/python3
"""Micro-benchmarks of the PyTorch reference RealNVP: one JSON line per workload on stdout,
a human summary on stderr.

    /usr/bin/python3 bench/torch_bench.py                      # all workloads
    /usr/bin/python3 bench/torch_bench.py --only train_a,encode --reps 7

Workloads
  train_a  D=2,  4 couplings [256,256], batch 128
  train_b  D=2,  8 couplings [64,64],   batch 256
  train_c  D=16, 8 couplings [256,256], batch 256
    ms per train step = forward + backward + clip_grad_norm_(10) + Adam step on a minibatch
    drawn at random (with replacement) from a 12,800-row pool (gmm8; for D=16 the extra 14
    columns are N(0, 0.1^2)); `--warmup` steps first, then `--reps` timings of `--steps` steps.
  encode   D=2, 4 couplings [256,256]: points/s of z and log p_X (torch.no_grad) on `--points`
    points, in batches of each size in `--encode-batches`; the best batch size is flagged.
The model weights are those of a fresh model whose last layers are then set to small random
values (so the couplings are not the identity; the timing does not depend on it).
"""
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")

import argparse
import json
import statistics
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_data  # noqa: E402
import torch_realnvp as R  # noqa: E402

TRAIN_WORKLOADS = {
    "train_a": dict(dim=2, couplings=4, hidden=[256, 256], batch=128),
    "train_b": dict(dim=2, couplings=8, hidden=[64, 64], batch=256),
    "train_c": dict(dim=16, couplings=8, hidden=[256, 256], batch=256),
}
ENCODE_WORKLOAD = dict(dim=2, couplings=4, hidden=[256, 256])


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_times():
    with open("/proc/stat") as f:
        v = [int(t) for t in f.readline().split()[1:]]
    return v[3] + v[4], sum(v)  # idle + iowait, total


def machine_idle(seconds):
    """Fraction of all CPUs idle over the next `seconds` (while this process sleeps)."""
    i0, t0 = cpu_times()
    time.sleep(seconds)
    i1, t1 = cpu_times()
    return (i1 - i0) / max(1, t1 - t0)


class Quiet:
    """Before each timed repetition, optionally wait until the shared machine is idle enough.
    --wait-idle 0.9 waits (at most --wait-max s) for >= 90 % idle over a 2 s probe; the idle
    fraction seen before each repetition is reported either way."""

    def __init__(self, threshold, max_wait):
        self.threshold, self.max_wait = threshold, max_wait

    def __call__(self):
        deadline = time.monotonic() + self.max_wait
        while True:
            idle = machine_idle(2.0 if self.threshold > 0 else 0.2)
            if idle >= self.threshold or time.monotonic() >= deadline:
                return round(idle, 3)


def make_model(dim, couplings, hidden, dtype, pool):
    torch.manual_seed(1)
    model = R.RealNVP(dim, hidden, couplings).to(dtype)
    model.set_standardization(pool)
    with torch.no_grad():
        for c in model.couplings:
            c.net[-1].weight.normal_(0.0, 0.01)
    return model


def bench_train(name, cfg, a, dtype):
    rng = np.random.default_rng(1)
    pool = torch.as_tensor(gen_data.points(12800, cfg["dim"], rng), dtype=dtype)
    model = make_model(cfg["dim"], cfg["couplings"], cfg["hidden"], dtype, pool)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    params = list(model.parameters())
    gen = torch.Generator().manual_seed(2)
    batch = cfg["batch"]

    def steps(k):
        for _ in range(k):
            xb = pool[torch.randint(0, pool.shape[0], (batch,), generator=gen)]
            loss = -model.log_prob(xb).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 10.0)
            opt.step()

    steps(a.warmup)
    times, loads, idles = [], [], []
    for _ in range(a.reps):
        idles.append(a.quiet())
        steps(10)  # re-warm caches and thread pools after the idle probe
        t = time.perf_counter()
        steps(a.steps)
        times.append((time.perf_counter() - t) * 1e3 / a.steps)
        loads.append(load1())
    return {"workload": "train_step", "name": name, **cfg, "steps": a.steps, "warmup": a.warmup,
            "reps": a.reps, "ms_per_step_median": statistics.median(times),
            "ms_per_step_min": min(times), "ms_per_step_all": times, "loadavg1": loads,
            "idle_before": idles}


def bench_encode(a, dtype):
    cfg = ENCODE_WORKLOAD
    rng = np.random.default_rng(3)
    x = torch.as_tensor(gen_data.points(a.points, cfg["dim"], rng), dtype=dtype)
    model = make_model(cfg["dim"], cfg["couplings"], cfg["hidden"], dtype, x)
    model.eval()

    def run(batch):
        with torch.no_grad():
            for i in range(0, x.shape[0], batch):
                z, log_px, _, _ = model(x[i:i + batch])

    rows = []
    for batch in a.encode_batches:
        run(batch)  # warm-up
        times, loads, idles = [], [], []
        for _ in range(a.reps):
            idles.append(a.quiet())
            run(min(batch, a.points))  # re-warm after the idle probe
            t = time.perf_counter()
            run(batch)
            times.append(time.perf_counter() - t)
            loads.append(load1())
        med = statistics.median(times)
        rows.append({"workload": "encode", "name": "encode_D2_K4_h256x256", **cfg, "points": a.points,
                     "batch": batch, "reps": a.reps, "points_per_s_median": a.points / med,
                     "points_per_s_max": a.points / min(times),
                     "seconds_all": times, "loadavg1": loads, "idle_before": idles})
    best = max(rows, key=lambda r: r["points_per_s_median"])
    for r in rows:
        r["best_batch"] = r is best
    return rows


def main():
    p = argparse.ArgumentParser(description="PyTorch reference micro-benchmarks (JSON lines)")
    p.add_argument("--only", default="train_a,train_b,train_c,encode",
                   help="comma-separated subset of train_a,train_b,train_c,encode")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--steps", type=int, default=200, help="train steps per repetition")
    p.add_argument("--warmup", type=int, default=50, help="train steps before timing")
    p.add_argument("--points", type=int, default=100_000, help="encode: points per repetition")
    p.add_argument("--encode-batches", default="1024,4096,16384,100000",
                   help="encode: batch sizes to try")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--dtype", choices=sorted(R.DTYPES), default="float32")
    p.add_argument("--output", help="also append the JSON lines to this file")
    p.add_argument("--wait-idle", type=float, default=0.0, metavar="FRACTION",
                   help="before each repetition wait until the machine is this idle (e.g. 0.9)")
    p.add_argument("--wait-max", type=float, default=600.0, help="longest such wait, seconds")
    a = p.parse_args()
    a.encode_batches = [int(b) for b in a.encode_batches.split(",")]
    a.quiet = Quiet(a.wait_idle, a.wait_max)
    torch.set_num_threads(a.threads)
    dtype = R.DTYPES[a.dtype]
    env = {"tool": "torch", "dtype": a.dtype, "wait_idle": a.wait_idle, **R.environment()}

    rows = []
    for w in a.only.split(","):
        w = w.strip()
        if w in TRAIN_WORKLOADS:
            rows.append(bench_train(w, TRAIN_WORKLOADS[w], a, dtype))
        elif w == "encode":
            rows.extend(bench_encode(a, dtype))
        else:
            p.error(f"unknown workload {w!r}")
        for r in rows[-1:] if w != "encode" else rows[-len(a.encode_batches):]:
            line = json.dumps({**env, **r})
            print(line, flush=True)
            if a.output:
                with open(a.output, "a") as f:
                    f.write(line + "\n")

    print(f"# torch {env['torch']}, {env['threads']} threads, OPENBLAS_NUM_THREADS="
          f"{env['openblas_threads']}, {a.dtype}, BLAS {', '.join(env['blas'])}", file=sys.stderr)
    for r in rows:
        if r["workload"] == "train_step":
            print(f"{r['name']}: D={r['dim']} K={r['couplings']} hidden={r['hidden']} batch={r['batch']}: "
                  f"{r['ms_per_step_median']:.3f} ms/step median (min {r['ms_per_step_min']:.3f}) "
                  f"over {r['reps']} x {r['steps']} steps", file=sys.stderr)
        else:
            print(f"encode: D={r['dim']} K={r['couplings']} hidden={r['hidden']} batch={r['batch']}: "
                  f"{r['points_per_s_median']:,.0f} points/s median{'  <- best' if r['best_batch'] else ''}",
                  file=sys.stderr)


if __name__ == "__main__":
    main()
