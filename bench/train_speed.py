"""How fast does the course's GPT learn Tiny Shakespeare on this machine's CPU?

    python bench/train_speed.py                      # nanoGPT's CPU configuration, then ours
    python bench/train_speed.py --preset fast45      # one preset
    python bench/train_speed.py --preset fast45 --set learning_rate=3e-3 --set batch_size=24

For each preset it trains a fresh model (seeded) and reports tokens per second, training wall
time, the validation loss over the whole validation split (`split_loss`) at fixed marks of
training time, and the model FLOPs utilisation (MFU) against a matmul peak measured at the
start of the same run. The clock stops while the validation loss is measured, so the marks
count training time only. The load average is printed with every figure: other programs on
the same cores make every number worse. See bench/README.md for measured results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from dataclasses import asdict, fields

import torch

from pixels_to_gpt.corpus import shakespeare_char_data
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.train import TrainConfig, train

MARKS = (15.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0)

# name -> (model settings, training settings). "nanogpt" is nanoGPT's documented CPU run of
# shakespeare_char (4 layers, 4 heads, 128 dims, context 64, batch 12, dropout 0, 2000 iters,
# lr 1e-3, 100 warmup iterations, cosine decay to 1e-4); the others are the course's recipes.
PRESETS: dict[str, tuple[dict, dict]] = {
    "nanogpt": (
        dict(block_size=64, n_layer=4, n_head=4, n_embd=128, dropout=0.0),
        dict(max_iters=2000, batch_size=12, learning_rate=1e-3, min_lr=1e-4, warmup_iters=100),
    ),
    "fast45": (
        dict(block_size=64, n_layer=2, n_head=4, n_embd=128, dropout=0.0),
        dict(max_iters=100_000, max_seconds=45.0, batch_size=12, learning_rate=6e-3,
             min_lr=6e-4, warmup_iters=30, optimizer="muon"),
    ),
    "fast180": (
        dict(block_size=64, n_layer=2, n_head=4, n_embd=128, dropout=0.0),
        dict(max_iters=100_000, max_seconds=180.0, batch_size=24, learning_rate=6e-3,
             min_lr=0.0, warmup_iters=30, optimizer="muon"),
    ),
}
DEFAULT_PRESETS = ("nanogpt", "fast45", "fast180")


def matmul_peak(threads: int, seconds: float = 3.0, clock=time.perf_counter) -> float:
    """The best float32 matmul rate (FLOP/s) this process reaches, over a few square sizes.

    MFU is measured against this, not against a datasheet: the same cores, threads and
    library as the training, at the moment of the run.
    """
    torch.set_num_threads(threads)
    best = 0.0
    for n in (512, 1024, 2048):
        a, b = torch.randn(n, n), torch.randn(n, n)
        a @ b  # warm up: first call allocates and picks kernels
        reps, start = 0, clock()
        while clock() - start < seconds / 3:
            a @ b
            reps += 1
        best = max(best, 2 * n**3 * reps / (clock() - start))
    return best


def flops_per_token(model: GPT) -> float:
    """Training FLOPs per token: 6 per weight (forward 2, backward 4) plus attention scores.

    nanoGPT's estimate (the PaLM paper's), so MFU figures compare: 6N + 12 * L * C * T, with N
    the parameters without position embeddings (the tied head counts once).
    """
    c = model.config
    return 6 * model.num_params(include_position=False) + 12 * c.n_layer * c.n_embd * c.block_size


def loss_at(log: list[dict], mark: float) -> float | None:
    """The validation loss measured at the first evaluation at or after `mark` seconds."""
    for entry in log:
        if entry["seconds"] >= mark:
            return entry["val_loss"]
    return None


def parse_value(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def run_preset(name: str, overrides: dict, data, peak: float, marks=MARKS,
               clock=time.perf_counter) -> dict:
    model_settings, train_settings = (dict(d) for d in PRESETS[name])
    model_keys = {f.name for f in fields(GPTConfig)}
    for key, value in overrides.items():
        (model_settings if key in model_keys else train_settings)[key] = value
    tokenizer, train_ids, val_ids = data
    cfg = TrainConfig(**train_settings, eval_at_seconds=tuple(marks))
    torch.manual_seed(cfg.seed)
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, **model_settings))
    load_before = os.getloadavg()[0]
    log = train(model, train_ids, val_ids, cfg, progress=False, clock=clock,
                on_eval=lambda _, e: print(f"  {e['seconds']:6.1f} s  iter {e['iter']:5d}  "
                                           f"val {e['val_loss']:.4f}", flush=True))
    last = log[-1]
    tokens_per_s = last["tokens"] / last["seconds"]
    result = {
        "preset": name,
        "model": model_settings,
        "train": {k: v for k, v in asdict(cfg).items() if k != "eval_at_seconds"},
        "iters": last["iter"],
        "train_seconds": last["seconds"],
        "tokens_per_s": round(tokens_per_s),
        "mfu": round(flops_per_token(model) * tokens_per_s / peak, 3),
        "val_loss_final": last["val_loss"],
        "val_loss_at": {f"{m:g}s": loss_at(log, m) for m in marks if m <= last["seconds"]},
        "log": log,
        "load_avg": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    print(f"{name}: {result['iters']} iters in {result['train_seconds']} s, "
          f"{result['tokens_per_s']:,} tokens/s, MFU {result['mfu']:.1%}, final val "
          f"{result['val_loss_final']:.4f}, at marks {result['val_loss_at']}, "
          f"load {result['load_avg']}", flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--preset", action="append", choices=sorted(PRESETS),
                        help="run this preset (repeatable; default: all three)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a model or training setting of the presets")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads(),
                        help="torch threads (default: torch's choice, one per core)")
    parser.add_argument("--marks", default=",".join(f"{m:g}" for m in MARKS),
                        help="seconds of training at which to measure the validation loss "
                        "(comma-separated; empty: only at the end)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="time training by the wall clock (default) or by the CPU time of "
                        "this process: with --threads 1 on a busy machine, CPU seconds are "
                        "close to what an idle core would take")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    overrides = dict((k, parse_value(v)) for k, v in (s.split("=", 1) for s in args.set))

    torch.set_num_threads(args.threads)
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    peak = matmul_peak(args.threads, clock=clock)
    print(f"torch {torch.__version__}, {args.threads} threads, {args.clock} clock, "
          f"{platform.processor() or ''} "
          f"{os.cpu_count()} cores; matmul peak {peak / 1e9:.1f} GFLOP/s; load average "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    data = shakespeare_char_data()
    results = []
    for name in args.preset or DEFAULT_PRESETS:
        print(f"{name} {overrides or ''}", flush=True)
        marks = [float(m) for m in args.marks.split(",") if m]
        results.append(run_preset(name, overrides, data, peak, marks, clock))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"torch": torch.__version__, "threads": args.threads, "clock": args.clock,
                       "matmul_peak_gflops": round(peak / 1e9, 1), "results": results}, f,
                      indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
