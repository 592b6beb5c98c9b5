#!/usr/bin/python3
"""Whole-job timings of the PyTorch reference, each job timed as a whole process (interpreter
start, imports, CSV read, work, file write): wall seconds, user+sys CPU seconds and peak RSS.

Jobs (inputs are generated into --dir by bench/gen_data.py when missing):
  train   12,800-row gmm8 CSV (x,y; seed 1), 10 epochs, validation 0, default architecture
          (8 couplings [256,256], batch 128, lr 1e-3), model written as JSON (or --model-format pt)
  encode  1,000,000-row gmm8 CSV (seed 2) with the model of the first train run -> CSV with
          x,y,z1,z2,log_px,log_pz,log_det_j,z_radius,outlier_rank,outlier (top 10 outliers)

    /usr/bin/python3 bench/torch_jobs.py --reps 3 [--dir bench/results] [--only train,encode]

One JSON line per run on stdout (with the exact command), medians on stderr. The child's own
phase timings (its last stderr line, JSON) are included as "phases".
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PY = "/usr/bin/python3"


def run_timed(cmd, env):
    """Runs cmd; returns (exit code, wall s, user+sys CPU s, peak RSS MiB, stderr text)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return proc.returncode, wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024, err.read().decode()


def load1():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def main():
    p = argparse.ArgumentParser(description="whole-process timings of the torch reference train/encode jobs")
    p.add_argument("--dir", default=os.path.join(HERE, "results"), help="where inputs/outputs go")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--only", default="train,encode")
    p.add_argument("--model-format", choices=["json", "pt"], default="json")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("OPENBLAS_NUM_THREADS", "2")

    train_csv = os.path.join(a.dir, "gmm8_12800.csv")
    encode_csv = os.path.join(a.dir, "gmm8_1m.csv")
    model = os.path.join(a.dir, f"torch_model.{a.model_format}")
    out_csv = os.path.join(a.dir, "torch_encoded_1m.csv")
    for path, rows, seed in [(train_csv, 12800, 1), (encode_csv, 1_000_000, 2)]:
        if not os.path.exists(path):
            subprocess.run([PY, os.path.join(HERE, "gen_data.py"), "--rows", str(rows), "--seed", str(seed),
                            "--output", path], check=True)

    script = os.path.join(HERE, "torch_realnvp.py")
    jobs = {
        "train": [PY, script, "train", "--input", train_csv, "--model", model, "--epochs", "10",
                  "--validation", "0", "--threads", str(a.threads)],
        "encode": [PY, script, "encode", "--model", model, "--input", encode_csv, "--output", out_csv,
                   "--outliers", "10", "--threads", str(a.threads)],
    }
    summary = {}
    for name in a.only.split(","):
        if name == "encode" and not os.path.exists(model):
            subprocess.run(jobs["train"], check=True, env=env, capture_output=True)
        walls = []
        for rep in range(a.reps):
            if name == "train" and rep > 0:
                cmd = jobs["train"][:]
                base, ext = os.path.splitext(model)  # keep the extension: it picks the format
                cmd[cmd.index("--model") + 1] = f"{base}.rep{rep}{ext}"
            else:
                cmd = jobs[name]
            load_before = load1()
            rc, wall, cpu, rss, err = run_timed(cmd, env)
            if rc != 0:
                sys.exit(f"{name} failed ({rc}):\n{err}")
            phases = json.loads(err.strip().splitlines()[-1])
            row = {"tool": "torch", "workload": f"job_{name}", "rep": rep, "wall_s": wall, "cpu_s": cpu,
                   "max_rss_mib": rss, "loadavg1_before": load_before,
                   "command": " ".join(cmd), "phases": phases}
            print(json.dumps(row), flush=True)
            walls.append(wall)
        summary[name] = walls
    for name, walls in summary.items():
        print(f"job {name}: wall median {statistics.median(walls):.2f} s over {len(walls)} runs "
              f"({', '.join(f'{w:.2f}' for w in walls)})", file=sys.stderr)


if __name__ == "__main__":
    main()
