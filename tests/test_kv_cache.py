"""The KV cache changes how fast the model runs, never what it computes."""

from __future__ import annotations

import pytest
import torch

from pixels_to_gpt.checkpoint import load_checkpoint
from pixels_to_gpt.kv_cache import cached_forward, generate_cached
from pixels_to_gpt.model import GPT, GPTConfig, KVCache
from pixels_to_gpt.sampling import generate

CONFIG = GPTConfig(vocab_size=11, block_size=16, n_layer=2, n_head=2, n_embd=16)


def tiny_model(seed: int = 0) -> GPT:
    torch.manual_seed(seed)
    return GPT(CONFIG).eval()


def ids(batch: int, length: int, seed: int = 1) -> torch.Tensor:
    return torch.randint(CONFIG.vocab_size, (batch, length),
                         generator=torch.Generator().manual_seed(seed))


@torch.no_grad()
def test_one_token_at_a_time_gives_the_logits_of_the_whole_sequence():
    model, x = tiny_model(), ids(3, 16)
    full = model(x)
    cache = KVCache(CONFIG.n_layer)
    steps = [model(x[:, t : t + 1], cache=cache) for t in range(16)]
    torch.testing.assert_close(torch.cat(steps, dim=1), full, rtol=1e-5, atol=1e-5)
    assert cache.length == 16


@torch.no_grad()
def test_chunks_of_several_tokens_see_the_cache_and_each_other_causally():
    model, x = tiny_model(), ids(2, 16)
    cache = KVCache(CONFIG.n_layer)
    chunks = [model(x[:, a:b], cache=cache) for a, b in ((0, 5), (5, 6), (6, 13), (13, 16))]
    torch.testing.assert_close(torch.cat(chunks, dim=1), model(x), rtol=1e-5, atol=1e-5)


@torch.no_grad()
def test_cached_tokens_get_the_next_positions():
    model, x = tiny_model(), ids(1, 10)
    cache = KVCache(CONFIG.n_layer)
    model(x[:, :7], cache=cache)
    assert cache.length == 7
    assert cache.keys[0].shape == (1, CONFIG.n_head, 7, CONFIG.n_embd // CONFIG.n_head)
    last = model(x[:, 7:8], cache=cache)[:, -1]
    # the same token at position 7 (cached) and at position 0 (no cache) must differ
    torch.testing.assert_close(last, model(x[:, :8])[:, -1], rtol=1e-5, atol=1e-5)
    assert not torch.allclose(last, model(x[:, 7:8])[:, -1], atol=1e-3)
    assert cache.length == 8


@torch.no_grad()
def test_the_cache_cannot_grow_past_the_context_window():
    model, x = tiny_model(), ids(1, 17)
    cache = KVCache(CONFIG.n_layer)
    model(x[:, :16], cache=cache)
    with pytest.raises(ValueError, match="start a new KVCache"):
        model(x[:, 16:], cache=cache)
    with pytest.raises(ValueError, match="longer than the context window"):
        model(x)


@torch.no_grad()
def test_cached_forward_runs_the_models_pieces_from_the_cached_position_on():
    model, x = tiny_model(), ids(2, 16)
    model.forward = None  # cached_forward runs the pieces, never the model itself
    cache = KVCache(CONFIG.n_layer)
    chunks = [cached_forward(model, x[:, a:b], cache) for a, b in ((0, 5), (5, 6), (6, 16))]
    del model.forward
    assert [c.shape for c in chunks] == [(2, 5, 11), (2, 1, 11), (2, 10, 11)]
    torch.testing.assert_close(torch.cat(chunks, dim=1), model(x), rtol=1e-5, atol=1e-5)
    assert cache.length == 16 and all(k.size(2) == 16 for k in cache.keys)


@torch.no_grad()
def test_cached_forward_refuses_a_cache_that_would_overflow_the_window():
    model, x = tiny_model(), ids(1, 17)
    cache = KVCache(CONFIG.n_layer)
    cached_forward(model, x[:, :16], cache)
    with pytest.raises(ValueError, match="start a new KVCache"):
        cached_forward(model, x[:, 16:], cache)


@pytest.mark.parametrize(
    "settings",
    [dict(temperature=0), dict(temperature=1.0), dict(temperature=0.7, top_k=4),
     dict(temperature=1.3, top_p=0.8)],
)
def test_cached_generation_writes_the_same_tokens_for_the_same_seed(settings):
    model, prompt = tiny_model(), ids(4, 3)
    plain = generate(model, prompt, 12, CONFIG.block_size,
                     generator=torch.Generator().manual_seed(5), **settings)
    cached = generate_cached(model, prompt, 12, generator=torch.Generator().manual_seed(5),
                             **settings)
    assert torch.equal(cached, plain)


def test_past_the_context_window_the_cache_is_rebuilt_and_tokens_stay_the_same():
    model, prompt = tiny_model(), ids(2, 20)  # the prompt alone is longer than the window
    plain = generate(model, prompt, 30, CONFIG.block_size,
                     generator=torch.Generator().manual_seed(2))
    lengths = []
    real_update = KVCache.update

    def spy(self, layer, k, v):
        k, v = real_update(self, layer, k, v)
        lengths.append(k.size(2))
        return k, v

    KVCache.update = spy
    try:
        cached = generate_cached(model, prompt, 30, generator=torch.Generator().manual_seed(2))
    finally:
        KVCache.update = real_update
    assert torch.equal(cached, plain)
    assert max(lengths) == CONFIG.block_size  # cropped to the window, never more


def test_eos_pads_finished_rows_like_uncached_generation():
    model, prompt = tiny_model(3), ids(3, 2, seed=4)
    plain = generate(model, prompt, 15, CONFIG.block_size, eos_id=2,
                     generator=torch.Generator().manual_seed(0))
    cached = generate_cached(model, prompt, 15, eos_id=2,
                             generator=torch.Generator().manual_seed(0))
    assert torch.equal(cached, plain)


def test_generation_leaves_a_training_model_in_training_mode():
    model = tiny_model().train()
    generate_cached(model, ids(1, 2), 3)
    assert model.training


@torch.no_grad()
def test_the_committed_checkpoint_gives_the_same_logits_with_and_without_cache():
    model, tokenizer, _ = load_checkpoint()
    x = torch.tensor([tokenizer.encode("ROMEO:\nWhat light through yonder window?")])
    cache = KVCache(model.config.n_layer)
    prefill = model(x[:, :20], cache=cache)
    steps = [model(x[:, t : t + 1], cache=cache) for t in range(20, x.size(1))]
    torch.testing.assert_close(torch.cat([prefill, *steps], dim=1), model(x),
                               rtol=1e-4, atol=1e-4)
