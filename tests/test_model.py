"""The course's GPT: shapes, causality, attention as the formula says, and learning."""

from __future__ import annotations

import math

import pytest
import torch

from pixels_to_gpt.model import GPT, CausalSelfAttention, GPTConfig
from pixels_to_gpt.train import TrainConfig, get_batch, learning_rate, split_loss, train

CONFIG = GPTConfig(vocab_size=20, block_size=16, n_layer=2, n_head=4, n_embd=32)


def test_logits_shape_and_loss_at_start_is_ln_vocab():
    torch.manual_seed(0)
    model = GPT(CONFIG)
    idx, targets = torch.randint(20, (2, 3, 16))
    logits, loss = model(idx, targets)
    assert logits.shape == (3, 16, 20)
    # an untrained model guesses uniformly: cross-entropy ln(V)
    assert abs(loss.item() - math.log(20)) < 0.2


def test_the_future_does_not_change_the_past():
    torch.manual_seed(0)
    model = GPT(CONFIG).eval()
    idx = torch.randint(20, (1, 10))
    changed = idx.clone()
    changed[0, 7] = (idx[0, 7] + 1) % 20
    a, b = model(idx), model(changed)
    assert torch.allclose(a[:, :7], b[:, :7], atol=1e-6)
    assert not torch.allclose(a[:, 7:], b[:, 7:])


def test_attention_is_softmax_of_scaled_scores_with_a_causal_mask():
    torch.manual_seed(0)
    attn = CausalSelfAttention(CONFIG).eval()
    x = torch.randn(2, 5, 32)
    B, T, C, nh = 2, 5, 32, 4
    q, k, v = attn.qkv(x).split(C, dim=2)
    q, k, v = (t.view(B, T, nh, C // nh).transpose(1, 2) for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(C // nh)
    scores = scores.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
    y = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(B, T, C)
    assert torch.allclose(attn(x), attn.proj(y), atol=1e-5)


def test_too_long_input_says_to_crop():
    with pytest.raises(ValueError, match="crop it to the last 16"):
        GPT(CONFIG)(torch.zeros(1, 17, dtype=torch.long))


def test_head_and_embedding_share_their_weights():
    model = GPT(CONFIG)
    assert model.lm_head.weight is model.tok_emb.weight


def test_num_params_counts_every_tensor_once_and_says_what_it_leaves_out():
    model = GPT(CONFIG)
    V, T, C, L = CONFIG.vocab_size, CONFIG.block_size, CONFIG.n_embd, CONFIG.n_layer
    # token table (= head), position table, 12 C^2 per block and its two layer norms, ln_f
    by_formula = V * C + T * C + L * (12 * C * C + 2 * C) + C
    assert model.num_params() == by_formula
    assert model.num_params(include_position=False) == by_formula - T * C
    # the course's model, as chapter 5 counts it part by part
    course = GPT(GPTConfig(vocab_size=65, block_size=128, n_layer=4, n_head=4, n_embd=128))
    assert course.num_params() == 812_288


def test_training_learns_a_pattern():
    torch.manual_seed(0)
    data = torch.arange(20).repeat(200)  # 0, 1, ..., 19, 0, 1, ...: fully predictable
    model = GPT(CONFIG)
    before = split_loss(model, data)
    cfg = TrainConfig(max_iters=150, batch_size=8, learning_rate=3e-3, warmup_iters=5)
    log = train(model, data, data, cfg, progress=False)
    assert log[-1]["iter"] == 150
    assert before > 2.5  # about ln(20) = 3.0: no idea yet
    assert log[-1]["val_loss"] < 0.5


def test_batches_are_windows_shifted_by_one():
    data = torch.arange(100)
    x, y = get_batch(data, 8, 4, torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (4, 8)
    assert torch.equal(y, x + 1)


def test_learning_rate_warms_up_then_decays_to_the_minimum():
    cfg = TrainConfig(max_iters=100, learning_rate=1e-3, min_lr=1e-4, warmup_iters=10)
    assert learning_rate(0, cfg) == pytest.approx(1e-4)
    assert learning_rate(9, cfg) == pytest.approx(1e-3)
    assert learning_rate(100, cfg) == pytest.approx(1e-4)
    assert learning_rate(30, cfg) > learning_rate(60, cfg)
