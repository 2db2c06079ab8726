"""The block by hand equals the package's modules; dropout behaves as nn.Dropout does.

(The chapter 5 exercise's hidden tests grade the same functions in tests/test_exercises.py,
as the "package" submission.)
"""

from __future__ import annotations

import pytest
import torch

from pixels_to_gpt.gpt_by_hand import block_forward, causal_self_attention, dropout
from pixels_to_gpt.model import GPT, Block, GPTConfig


def random_block(bias: bool, seed: int = 0) -> Block:
    """A float64 Block whose every weight is random (layer norms no longer all 1)."""
    torch.manual_seed(seed)
    block = Block(GPTConfig(n_embd=32, n_head=4, bias=bias)).double().eval()
    with torch.no_grad():
        for p in block.parameters():
            p.add_(0.2 * torch.randn_like(p))
    return block


@pytest.mark.parametrize("bias", [False, True])
def test_attention_and_block_equal_the_modules_with_the_same_weights(bias):
    block = random_block(bias)
    x = torch.randn(2, 7, 32, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    before = x.clone()
    w = block.state_dict()
    with torch.no_grad():
        assert torch.allclose(causal_self_attention(x, w, 4), block.attn(x), rtol=1e-10,
                              atol=1e-12)
        assert torch.allclose(block_forward(x, w, 4), block(x), rtol=1e-10, atol=1e-12)
    assert torch.equal(x, before)


def test_blocks_by_hand_give_the_models_logits():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=20, block_size=16, n_layer=2, n_head=4, n_embd=32)).eval()
    idx = torch.randint(20, (2, 10))
    with torch.no_grad():
        x = model.tok_emb(idx) + model.pos_emb(torch.arange(10))
        for b in model.blocks:
            x = block_forward(x, b.state_dict(), 4)
        logits = model.lm_head(model.ln_f(x))
        assert torch.allclose(logits, model(idx), atol=1e-5)


def test_attention_is_causal():
    block = random_block(bias=True)
    x = torch.randn(1, 6, 32, dtype=torch.float64)
    changed = x.clone()
    changed[:, 4:] = 10.0
    w = block.state_dict()
    a, b = causal_self_attention(x, w, 4), causal_self_attention(changed, w, 4)
    assert torch.allclose(a[:, :4], b[:, :4], rtol=1e-12, atol=1e-12)
    assert not torch.allclose(a[:, 4:], b[:, 4:])


def test_dropout_follows_its_rule_and_a_seed_reproduces():
    x = torch.randn(3, 40)
    out = dropout(x, 0.3, True, generator=torch.Generator().manual_seed(5))
    keep = torch.rand(x.shape, generator=torch.Generator().manual_seed(5)) >= 0.3
    assert torch.allclose(out, torch.where(keep, x / 0.7, 0.0), rtol=1e-6, atol=0)
    again = dropout(x, 0.3, True, generator=torch.Generator().manual_seed(5))
    other = dropout(x, 0.3, True, generator=torch.Generator().manual_seed(6))
    assert torch.equal(out, again) and not torch.equal(out, other)


def test_dropout_keeps_the_mean_and_drops_as_often_as_nn_dropout():
    x = torch.ones(200_000)
    ours = dropout(x, 0.25, True, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(0)
    theirs = torch.nn.Dropout(0.25).train()(x)
    for out in (ours, theirs):
        assert abs((out == 0).float().mean().item() - 0.25) < 0.005
        assert abs(out.mean().item() - 1.0) < 0.01
        # the kept elements are scaled alike: 1 / (1 - p)
        assert torch.allclose(out[out != 0], torch.full_like(out[out != 0], 1 / 0.75))


def test_dropout_does_nothing_in_use_and_leaves_its_input():
    x = torch.randn(2, 5, 8, dtype=torch.float64)
    before = x.clone()
    for p in (0.0, 0.5, 1.0):
        assert torch.equal(dropout(x, p, False), torch.nn.Dropout(p).eval()(x))
        assert torch.equal(dropout(x, p, False), x)
    dropout(x, 0.5, True)
    assert torch.equal(x, before)


def test_dropout_edges_and_bad_p():
    x = torch.randn(4, 6)
    assert torch.equal(dropout(x, 0.0, True), x)
    everything = dropout(x, 1.0, True)
    assert torch.equal(everything, torch.zeros_like(x))  # zeros, not nan
    for p in (-0.1, 1.5, float("nan")):
        for training in (True, False):
            with pytest.raises(ValueError, match="between 0 and 1"):
                dropout(x, p, training)
