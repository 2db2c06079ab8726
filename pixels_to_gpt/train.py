"""Training the GPT: batches of windows, a learning-rate schedule, an honest loss, a sane start."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import torch
from tqdm.auto import tqdm

from pixels_to_gpt.model import GPT
from pixels_to_gpt.muon import Muon, Optimizers


@dataclass
class TrainConfig:
    max_iters: int = 2000
    batch_size: int = 12
    learning_rate: float = 1e-3
    min_lr: float = 1e-4
    warmup_iters: int = 100
    weight_decay: float = 0.1
    beta2: float = 0.99  # AdamW's second-moment decay (nanoGPT's choice for small data)
    # "adamw" for every parameter, or "muon": Muon for the blocks' weight matrices and AdamW
    # for the rest (pixels_to_gpt/muon.py), which learns much more per step
    optimizer: str = "adamw"
    grad_clip: float = 1.0
    eval_interval: int = 0  # 0: evaluate only at the end
    seed: int = 1337
    # A budget of training time instead of iterations (0: none). The cosine then decays over
    # the budget, so the learning rate reaches min_lr just as time runs out, on any machine.
    max_seconds: float = 0.0
    eval_at_seconds: tuple[float, ...] = ()  # also evaluate at these marks of training time


def get_batch(
    data: torch.Tensor, block_size: int, batch_size: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Random windows of the corpus: x (B, T) and y (B, T), y being x shifted by one.

    Each window teaches T predictions at once (teacher forcing): after x[:, :t+1] comes y[:, t].
    A window starts anywhere from 0 to len(data) - T - 1, so that its y still fits in `data`.
    """
    starts = torch.randint(len(data) - block_size, (batch_size,), generator=generator)
    # positions (B, T): row b is starts[b], starts[b] + 1, ...; one gather, no Python loop
    positions = starts[:, None] + torch.arange(block_size)
    return data[positions], data[positions + 1]


@torch.no_grad()
def split_loss(model: GPT, data: torch.Tensor, batch_size: int = 64) -> float:
    """Mean next-token cross-entropy over a whole split (N,), in non-overlapping windows.

    Window i is x = data[i*T : (i+1)*T] with targets y = data[i*T + 1 : (i+1)*T + 1] (T the
    model's block_size), for every i whose y still fits: (len(data) - 1) // T windows, fed in
    batches of `batch_size` (B, T). Every token of the split (but the first of each window) is
    predicted exactly once, so the figure is the same on every run, unlike an estimate from
    random batches. Measured as the model is used: in evaluation mode (dropout off) and without
    gradients; the model is then put back in the mode it was in.
    """
    T = model.config.block_size
    n_windows = (len(data) - 1) // T
    if n_windows == 0:
        raise ValueError(f"a split of {len(data)} tokens holds no window of {T} tokens and "
                         f"its targets: it needs at least block_size + 1 = {T + 1}")
    was_training = model.training
    model.eval()  # every layer: dropout off (setting model.training alone changes the top only)
    x_all = data[: n_windows * T].view(n_windows, T)
    y_all = data[1 : n_windows * T + 1].view(n_windows, T)
    total = 0.0
    for i in range(0, n_windows, batch_size):
        x, y = x_all[i : i + batch_size], y_all[i : i + batch_size]
        _, loss = model(x, y)  # the mean over this batch's len(x) * T predictions
        # weighted by its windows: a smaller last batch must count less than a full one
        total += loss.item() * len(x)
    model.train(was_training)
    return total / n_windows


def initial_loss_check(
    model: GPT, data: torch.Tensor, tolerance: float = 0.1
) -> tuple[float, float, bool]:
    """Whether an untrained model starts where it should: (loss, ln V, healthy).

    Freshly initialised, the model gives each of its V tokens a probability of about 1/V, so
    its cross-entropy on any text is about -ln(1/V) = ln V nats: V is the model's vocabulary
    size (its number of outputs, whatever tokens `data` happens to hold), and the logarithm is
    the natural one, as in the loss. The loss is measured over the whole split (`split_loss`).
    The start is healthy when it is within `tolerance` nats of ln V, on either side: far above
    means confident wrong guesses (badly scaled initial weights); far below means the model
    already knows the answers (it sees its targets, or its weights are not fresh).
    """
    loss = split_loss(model, data)
    ln_v = math.log(model.config.vocab_size)
    return loss, ln_v, abs(loss - ln_v) <= tolerance


def learning_rate(it: int, cfg: TrainConfig, progress: float | None = None) -> float:
    """Linear warmup over warmup_iters, then cosine decay from learning_rate to min_lr.

    The decay follows `progress` (the fraction of the time budget used) when given, else the
    fraction of max_iters done.
    """
    if it < cfg.warmup_iters:
        return cfg.learning_rate * (it + 1) / cfg.warmup_iters
    if progress is None:
        progress = (it - cfg.warmup_iters) / max(1, cfg.max_iters - cfg.warmup_iters)
    progress = min(1.0, max(0.0, progress))
    return cfg.min_lr + 0.5 * (1 + math.cos(math.pi * progress)) * (cfg.learning_rate - cfg.min_lr)


def make_optimizer(model: GPT, cfg: TrainConfig) -> torch.optim.Optimizer | Optimizers:
    """AdamW with weight decay on matrices only (not on norms); or Muon plus AdamW.

    `fused=True` updates all of AdamW's parameters in one kernel (on CPU too): on the course's
    model that makes the step about four times cheaper than the default loop over tensors.
    With `cfg.optimizer == "muon"`, the blocks' weight matrices go to Muon instead; the
    embeddings (also the tied head) and the norms' gains stay with AdamW.
    """
    if cfg.optimizer not in ("adamw", "muon"):
        raise ValueError(f"unknown optimizer {cfg.optimizer!r}: use 'adamw' or 'muon'")
    if cfg.optimizer == "muon":
        matrices = [p for p in model.blocks.parameters() if p.dim() == 2]
    else:
        matrices = []
    in_muon = {id(p) for p in matrices}
    rest = [p for p in model.parameters() if id(p) not in in_muon]
    groups = [
        {"params": [p for p in rest if p.dim() >= 2], "weight_decay": cfg.weight_decay},
        {"params": [p for p in rest if p.dim() < 2], "weight_decay": 0.0},
    ]
    adamw = torch.optim.AdamW(groups, lr=cfg.learning_rate, betas=(0.9, cfg.beta2), fused=True)
    if not matrices:
        return adamw
    return Optimizers(Muon(matrices, lr=cfg.learning_rate, weight_decay=cfg.weight_decay), adamw)


def train(
    model: GPT,
    train_data: torch.Tensor,
    val_data: torch.Tensor,
    cfg: TrainConfig,
    progress: bool = True,
    on_eval: Callable[[GPT, dict], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> list[dict]:
    """Train `model` in place; return the log: dicts with iter, seconds, train and val loss.

    `train_loss` is the mean loss of the training batches since the previous evaluation.

    Training stops after max_iters steps, or sooner when max_seconds of training time are
    used. `seconds` counts training only: the clock stops while the validation loss is
    measured. `on_eval(model, entry)` is called after each evaluation (to print a sample, say).
    `clock` measures the time (the benchmark can pass `time.process_time`, CPU seconds).
    """
    gen = torch.Generator().manual_seed(cfg.seed)
    optimizer = make_optimizer(model, cfg)
    log: list[dict] = []
    marks = sorted(cfg.eval_at_seconds)
    trained = 0.0  # seconds spent training, evaluation excluded
    losses: list[float] = []  # training losses since the last evaluation

    def evaluate(it: int) -> None:
        entry = {
            "iter": it,
            "seconds": round(trained, 1),
            "tokens": it * cfg.batch_size * model.config.block_size,
            "train_loss": round(sum(losses) / len(losses), 4),
            "val_loss": round(split_loss(model, val_data), 4),
        }
        losses.clear()
        log.append(entry)
        if on_eval is not None:
            on_eval(model, entry)
        model.train()

    model.train()
    bar = tqdm(range(cfg.max_iters), desc="training", disable=not progress)
    for it in bar:
        started = clock()
        budget_used = trained / cfg.max_seconds if cfg.max_seconds else None
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(it, cfg, budget_used)
        x, y = get_batch(train_data, model.config.block_size, cfg.batch_size, gen)
        _, loss = model(x, y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip, foreach=True)
        optimizer.step()
        losses.append(loss.item())
        trained += clock() - started
        if it % 10 == 0:
            bar.set_postfix(loss=f"{losses[-1]:.3f}")
        out_of_time = bool(cfg.max_seconds) and trained >= cfg.max_seconds
        last = it == cfg.max_iters - 1 or out_of_time
        at_mark = bool(marks) and trained >= marks[0]
        while marks and trained >= marks[0]:
            marks.pop(0)
        if last or at_mark or (cfg.eval_interval and (it + 1) % cfg.eval_interval == 0):
            evaluate(it + 1)
        if out_of_time:
            break
    bar.close()
    return log
