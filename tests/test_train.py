"""Training: batches of windows, the learning-rate schedule, the whole-split loss, the ln V
check of an untrained model, the loop."""

from __future__ import annotations

import math

import pytest
import torch

from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.train import (
    TrainConfig,
    get_batch,
    initial_loss_check,
    learning_rate,
    split_loss,
    train,
)


def test_get_batch_gives_windows_and_the_same_windows_one_token_on():
    data = torch.arange(100, 130)
    x, y = get_batch(data, block_size=5, batch_size=500, generator=torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (500, 5) and x.dtype == torch.long
    assert torch.equal(y, x + 1)
    assert torch.equal(x[:, 1:], x[:, :-1] + 1)  # consecutive tokens of data
    starts = set((x[:, 0] - 100).tolist())
    assert starts == set(range(30 - 5)), "every window that fits, the last one included"


def test_get_batch_is_reproduced_by_its_generator_alone():
    data = torch.randint(0, 65, (1000,))
    torch.manual_seed(1)
    a = get_batch(data, 16, 8, torch.Generator().manual_seed(3))
    torch.manual_seed(2)
    b = get_batch(data, 16, 8, torch.Generator().manual_seed(3))
    assert torch.equal(a[0], b[0]) and torch.equal(a[1], b[1])


def test_learning_rate_warms_up_then_decays_to_min_lr():
    cfg = TrainConfig(max_iters=1000, learning_rate=1e-3, min_lr=1e-4, warmup_iters=100)
    assert learning_rate(0, cfg) == pytest.approx(1e-5)
    assert learning_rate(99, cfg) == pytest.approx(1e-3)
    assert learning_rate(550, cfg) == pytest.approx(5.5e-4)  # half way down the cosine
    assert learning_rate(1000, cfg) == pytest.approx(1e-4)
    # with a time budget, the decay follows the fraction of the budget used
    assert learning_rate(500, cfg, progress=0.0) == pytest.approx(1e-3)
    assert learning_rate(500, cfg, progress=1.0) == pytest.approx(1e-4)


def test_split_loss_is_the_mean_over_every_window_of_the_split():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=7, block_size=4, n_layer=1, n_head=1, n_embd=8,
                          dropout=0.2))
    data = torch.randint(0, 7, (23,))  # 5 windows of 4 (+ the target of the last one)
    x, y = data[:20].view(5, 4), data[1:21].view(5, 4)
    with torch.no_grad():
        _, expected = model.eval()(x, y)  # all five at once, dropout off
    model.train()
    # batches of 2, 2 and 1: the last one counts half as much as a full one
    assert split_loss(model, data, batch_size=2) == pytest.approx(expected.item(), rel=1e-5)
    assert all(m.training for m in model.modules()), "put back in training mode, every layer"
    model.eval()
    assert split_loss(model, data, batch_size=3) == pytest.approx(expected.item(), rel=1e-5)
    assert not any(m.training for m in model.modules()), "left in evaluation mode"


def test_split_loss_measures_without_gradients_in_evaluation_mode():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=7, block_size=4, n_layer=1, n_head=1, n_embd=8,
                          dropout=0.2)).train()
    seen = []
    model.ln_f.register_forward_pre_hook(
        lambda module, args: seen.append((torch.is_grad_enabled(), module.training)))
    split_loss(model, torch.randint(0, 7, (30,)), batch_size=3)
    assert seen == [(False, False)] * 3  # 7 windows: batches of 3, 3 and 1
    assert torch.is_grad_enabled()


def test_split_loss_refuses_a_split_without_a_window():
    model = GPT(GPTConfig(vocab_size=7, block_size=4, n_layer=1, n_head=1, n_embd=8))
    with pytest.raises(ValueError, match="at least block_size \\+ 1 = 5"):
        split_loss(model, torch.arange(4))


def test_initial_loss_check_compares_the_untrained_loss_with_ln_vocab():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=50, block_size=8, n_layer=1, n_head=2, n_embd=16))
    data = torch.randint(0, 10, (300,))  # only 10 of the 50 tokens occur: V is still 50
    loss, ln_v, healthy = initial_loss_check(model, data)
    assert ln_v == pytest.approx(math.log(50)) and loss == split_loss(model, data)
    assert healthy and abs(loss - ln_v) < 0.05
    gap = abs(loss - ln_v)
    assert initial_loss_check(model, data, tolerance=gap / 2)[2] is False
    assert initial_loss_check(model, data, tolerance=2 * gap)[2] is True


def test_initial_loss_check_fails_a_start_far_above_or_far_below_ln_vocab():
    torch.manual_seed(0)
    config = GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16)
    loud = GPT(config)
    with torch.no_grad():
        loud.tok_emb.weight.mul_(30)  # badly scaled: confident, and wrong
    loss, ln_v, healthy = initial_loss_check(loud, torch.randint(0, 11, (200,)))
    assert loss > ln_v + 3 and not healthy
    knowing = GPT(config)
    with torch.no_grad():
        knowing.tok_emb.weight[3].mul_(100)  # already sure of the split's only token
    loss, ln_v, healthy = initial_loss_check(knowing, torch.full((100,), 3))
    assert loss < ln_v - 2 and not healthy


def test_untrained_model_starts_near_ln_vocab_and_training_lowers_the_loss():
    torch.manual_seed(0)
    data = torch.tensor([0, 1, 2, 3, 4, 5] * 200)  # a sequence a small model learns at once
    model = GPT(GPTConfig(vocab_size=6, block_size=8, n_layer=1, n_head=2, n_embd=16))
    assert split_loss(model, data) == pytest.approx(math.log(6), abs=0.1)
    seen = []
    cfg = TrainConfig(max_iters=60, batch_size=8, learning_rate=1e-2, warmup_iters=5,
                      eval_interval=30)
    log = train(model, data, data, cfg, progress=False, on_eval=lambda m, e: seen.append(e))
    assert [e["iter"] for e in log] == [30, 60] and seen == log
    assert log[-1]["val_loss"] < 0.3
    assert log[-1]["tokens"] == 60 * 8 * 8


def test_train_stops_when_its_time_budget_is_spent():
    torch.manual_seed(0)
    data = torch.randint(0, 5, (500,))
    model = GPT(GPTConfig(vocab_size=5, block_size=8, n_layer=1, n_head=1, n_embd=8))
    cfg = TrainConfig(max_iters=10**9, max_seconds=0.5, batch_size=4, warmup_iters=1)
    log = train(model, data, data, cfg, progress=False)
    assert len(log) == 1 and 0.5 <= log[0]["seconds"] < 5
