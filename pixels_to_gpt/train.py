"""Training the GPT: batches of windows, a learning-rate schedule, and an honest loss."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import torch
from tqdm.auto import tqdm

from pixels_to_gpt.model import GPT


@dataclass
class TrainConfig:
    max_iters: int = 2000
    batch_size: int = 12
    learning_rate: float = 1e-3
    min_lr: float = 1e-4
    warmup_iters: int = 100
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    eval_interval: int = 0  # 0: evaluate only at the end
    seed: int = 1337


def get_batch(
    data: torch.Tensor, block_size: int, batch_size: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows of the corpus: x (B, T) and y (B, T), y being x shifted by one.

    Each window teaches T predictions at once (teacher forcing): after x[:, :t+1] comes y[:, t].
    """
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    x = torch.stack([data[s : s + block_size] for s in starts.tolist()])
    y = torch.stack([data[s + 1 : s + 1 + block_size] for s in starts.tolist()])
    return x, y


@torch.no_grad()
def split_loss(model: GPT, data: torch.Tensor, batch_size: int = 64) -> float:
    """Mean next-token cross-entropy over a whole split, in non-overlapping windows.

    Every token of the split (but the first of each window) is predicted exactly once, so the
    figure is the same on every run, unlike an estimate from random batches.
    """
    was_training = model.training
    model.eval()
    T = model.config.block_size
    n_windows = (len(data) - 1) // T
    x_all = data[: n_windows * T].view(n_windows, T)
    y_all = data[1 : n_windows * T + 1].view(n_windows, T)
    total = 0.0
    for i in range(0, n_windows, batch_size):
        _, loss = model(x_all[i : i + batch_size], y_all[i : i + batch_size])
        total += loss.item() * len(x_all[i : i + batch_size])
    model.train(was_training)
    return total / n_windows


def learning_rate(it: int, cfg: TrainConfig) -> float:
    """Linear warmup, then cosine decay from learning_rate to min_lr."""
    if it < cfg.warmup_iters:
        return cfg.learning_rate * (it + 1) / cfg.warmup_iters
    progress = min(1.0, (it - cfg.warmup_iters) / max(1, cfg.max_iters - cfg.warmup_iters))
    return cfg.min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (cfg.learning_rate - cfg.min_lr)


def make_optimizer(model: GPT, cfg: TrainConfig) -> torch.optim.AdamW:
    """AdamW with weight decay on matrices only (not on biases, norms)."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": cfg.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=cfg.learning_rate, betas=(0.9, 0.99), fused=False)


def train(
    model: GPT,
    train_data: torch.Tensor,
    val_data: torch.Tensor,
    cfg: TrainConfig,
    progress: bool = True,
) -> list[dict]:
    """Train `model` in place; return the log: dicts with iter, seconds, train and val loss."""
    gen = torch.Generator().manual_seed(cfg.seed)
    optimizer = make_optimizer(model, cfg)
    log: list[dict] = []
    model.train()
    start = time.perf_counter()
    bar = tqdm(range(cfg.max_iters), desc="training", disable=not progress)
    for it in bar:
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(it, cfg)
        x, y = get_batch(train_data, model.config.block_size, cfg.batch_size, gen)
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        optimizer.step()
        bar.set_postfix(loss=f"{loss.item():.3f}")
        last = it == cfg.max_iters - 1
        if last or (cfg.eval_interval and (it + 1) % cfg.eval_interval == 0):
            log.append(
                {
                    "iter": it + 1,
                    "seconds": round(time.perf_counter() - start, 1),
                    "train_loss": round(loss.item(), 4),
                    "val_loss": round(split_loss(model, val_data), 4),
                }
            )
            model.train()
    return log
