"""The hand-written attention agrees with PyTorch's fused kernel and with the model's own."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from pixels_to_gpt.attention import (
    attention_maps,
    causal_mask,
    merge_heads,
    scaled_dot_product_attention,
    self_attention,
    split_heads,
)
from pixels_to_gpt.model import GPT, CausalSelfAttention, GPTConfig


def _qkv(*shape, seed=0, dtype=torch.float64):
    gen = torch.Generator().manual_seed(seed)
    return tuple(torch.randn(*shape, generator=gen, dtype=dtype) for _ in range(3))


def test_causal_mask_allows_the_past_and_the_present_only():
    assert causal_mask(3).tolist() == [
        [True, False, False],
        [True, True, False],
        [True, True, True],
    ]


@pytest.mark.parametrize("causal", [False, True])
@pytest.mark.parametrize("shape", [(5, 8), (2, 7, 4), (2, 3, 6, 16)])
def test_matches_torch_scaled_dot_product_attention(shape, causal):
    q, k, v = _qkv(*shape)
    out, weights = scaled_dot_product_attention(q, k, v, causal=causal)
    expected = F.scaled_dot_product_attention(q, k, v, is_causal=causal)
    torch.testing.assert_close(out, expected)
    T = shape[-2]
    assert weights.shape == (*shape[:-1], T)
    torch.testing.assert_close(weights.sum(-1), torch.ones(shape[:-1], dtype=q.dtype))


def test_cross_attention_with_different_lengths_and_value_width():
    gen = torch.Generator().manual_seed(1)
    q = torch.randn(2, 3, 8, generator=gen)
    k = torch.randn(2, 5, 8, generator=gen)
    v = torch.randn(2, 5, 6, generator=gen)
    out, weights = scaled_dot_product_attention(q, k, v)
    assert out.shape == (2, 3, 6) and weights.shape == (2, 3, 5)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, k, v))


def test_scaling_is_by_the_head_size():
    # one query, two keys: scores 8 and 0 before scaling, 8 / sqrt(16) = 2 after
    q = torch.zeros(1, 16)
    q[0, 0] = 8.0
    k = torch.zeros(2, 16)
    k[0, 0] = 1.0
    v = torch.eye(2)
    _, weights = scaled_dot_product_attention(q, k, v)
    expected = [math.exp(2) / (math.exp(2) + 1), 1 / (math.exp(2) + 1)]
    assert weights[0].tolist() == pytest.approx(expected)


def test_causal_weights_are_exactly_zero_on_the_future_and_rows_sum_to_one():
    q, k, v = _qkv(2, 6, 4)
    _, weights = scaled_dot_product_attention(q, k, v, causal=True)
    future = ~causal_mask(6)
    assert (weights[:, future] == 0).all()
    torch.testing.assert_close(weights.sum(-1), torch.ones(2, 6, dtype=q.dtype))
    assert weights[:, 0, 0].tolist() == [1.0, 1.0]  # the first token can only see itself


def test_the_future_cannot_change_the_past():
    q, k, v = _qkv(1, 6, 4)
    out, _ = scaled_dot_product_attention(q, k, v, causal=True)
    k2, v2 = k.clone(), v.clone()
    k2[:, 4:] += 10.0
    v2[:, 4:] -= 10.0
    out2, _ = scaled_dot_product_attention(q, k2, v2, causal=True)
    torch.testing.assert_close(out2[:, :4], out[:, :4])
    assert not torch.allclose(out2[:, 4:], out[:, 4:])


def test_causal_with_fewer_queries_means_the_last_positions():
    # a query for the last position of 5 sees all 5 keys, as when generating with a cache
    q, k, v = _qkv(1, 5, 4)
    out, weights = scaled_dot_product_attention(q[:, -2:], k, v, causal=True)
    full, _ = scaled_dot_product_attention(q, k, v, causal=True)
    torch.testing.assert_close(out, full[:, -2:])
    assert weights[0, 0, -1] == 0 and (weights[0, 1] > 0).all()


def test_split_heads_gives_each_head_its_own_slice_of_channels():
    x = torch.arange(2 * 3 * 8).view(2, 3, 8)
    heads = split_heads(x, 4)
    assert heads.shape == (2, 4, 3, 2)
    # head 1 of position 2 of batch 0 holds channels 2 and 3
    assert heads[0, 1, 2].tolist() == x[0, 2, 2:4].tolist()
    assert torch.equal(merge_heads(heads), x)


def test_split_heads_refuses_an_uneven_split():
    with pytest.raises(ValueError, match="cannot be split"):
        split_heads(torch.zeros(1, 2, 10), 4)


def test_self_attention_matches_the_models_attention_with_the_same_weights():
    torch.manual_seed(0)
    attn = CausalSelfAttention(GPTConfig(n_embd=32, n_head=4, bias=True)).double().eval()
    x = torch.randn(3, 9, 32, dtype=torch.float64)
    out, weights = self_attention(x, attn)
    torch.testing.assert_close(out, attn(x))
    assert weights.shape == (3, 4, 9, 9)


def test_attention_maps_give_the_models_logits():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=11, block_size=16, n_layer=2, n_head=2, n_embd=16)).eval()
    idx = torch.randint(0, 11, (2, 10))
    logits, maps = attention_maps(model, idx)
    torch.testing.assert_close(logits, model(idx))
    assert len(maps) == 2 and all(m.shape == (2, 2, 10, 10) for m in maps)


def test_attention_maps_keep_the_weights_in_the_graph():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=11, block_size=16, n_layer=1, n_head=2, n_embd=16))
    idx = torch.randint(0, 11, (1, 6))
    logits, maps = attention_maps(model, idx)
    maps[0].retain_grad()
    F.cross_entropy(logits[0], idx[0]).backward()
    assert maps[0].grad is not None and maps[0].grad.abs().sum() > 0
