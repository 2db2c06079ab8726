"""The hidden tests: the test cells of solutions/ch08_kv_cache/kv_cache.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_cached_forward
from pixels_to_gpt.grading import guard


def refuse(*args, **kwargs):
    raise AssertionError("cached_forward called the model itself (model(...)): run its pieces yourself: "
                         "tok_emb + pos_emb, every block with the cache, ln_f, lm_head")


model = tiny_gpt(0)
x = torch.randint(0, 11, (2, 8), generator=torch.Generator().manual_seed(1))
with torch.no_grad():
    whole = model(x)  # (2, 8, 11): the logits of every position, without a cache
model.forward = refuse  # while cached_forward runs, the model's own forward is refused
try:
    with torch.no_grad():
        cache = KVCache(model.config.n_layer)
        first = cached_forward(model, x[:, :3], cache)  # a prompt of 3 tokens, an empty cache
        print("3 tokens, empty cache: logits of shape", tuple(first.shape), "; cache.length is now", cache.length)
        assert first.shape == (2, 3, 11), (
            f"3 new tokens must give logits of shape (B, T, V) = (2, 3, 11), not {tuple(first.shape)}: "
            "one row per new token")
        assert torch.allclose(first, whole[:, :3], atol=1e-4), (
            "with an empty cache the logits differ from the model's on the same 3 tokens: add "
            "tok_emb(idx) and pos_emb(positions) (positions from cache.length, here 0), run every block "
            "as block(x, cache, layer) with its own layer index, then ln_f and lm_head")
        assert cache.length == 3 and all(k is not None and k.size(2) == 3 for k in cache.keys), (
            "after 3 tokens every layer of the cache must hold 3 tokens: pass the cache you were given "
            "and each block's own layer index to every block, block(x, cache, layer)")
        step = cached_forward(model, x[:, 3:4], cache)  # one new token, at position 3
        assert step.shape == (2, 1, 11), (f"one new token must give logits of shape (2, 1, 11), not "
                                          f"{tuple(step.shape)}: keep the time dimension")
        assert torch.allclose(step, whole[:, 3:4], atol=1e-4), (
            "one new token after 3 cached: its logits differ from the model's at position 3. The new "
            "tokens sit at positions cache.length, cache.length + 1, ... (read cache.length before the "
            "blocks run), not from 0")
        rest = cached_forward(model, x[:, 4:], cache)  # 4 more: the window of 8 is full
        assert torch.allclose(rest, whole[:, 4:], atol=1e-4), (
            "4 new tokens after 4 cached: their logits differ from the model's at positions 4 to 7: "
            "positions cache.length, ..., cache.length + T - 1")
        assert cache.length == 8, f"after 8 tokens the cache must hold 8, not {cache.length}"
        one = cached_forward(model, x[:1, :1], KVCache(model.config.n_layer))
        assert one.shape == (1, 1, 11), (
            f"a batch of one and a single new token must give logits of shape (1, 1, 11), not "
            f"{tuple(one.shape)}: keep every dimension (.squeeze() drops every dimension of size 1)")
finally:
    del model.forward

# The rule: your own cached_forward.
guard.check_own_function(cached_forward, "cached_forward", graded_elsewhere=["KVCache"])
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt import model as _model
import torch.nn.functional as _F
_g.check_untampered((_F, "scaled_dot_product_attention"), (_F, "layer_norm"), (_F, "embedding"),
                    (_F, "linear"), (_F, "gelu"), (_F, "dropout"), (torch.nn.Module, "__call__"),
                    (torch.nn.Embedding, "forward"), (torch.nn.Linear, "forward"),
                    (torch.nn.LayerNorm, "forward"), (torch.nn.Dropout, "forward"))


def _is_course_code(cls, name):
    fn = vars(cls).get(name)
    fn = getattr(fn, "fget", fn)
    path = getattr(getattr(fn, "__code__", None), "co_filename", "").replace("\\", "/")
    return path.endswith("pixels_to_gpt/model.py")


_replaced = [f"{c.__name__}.{n}" for c, n in (
    (_model.GPT, "forward"), (_model.Block, "forward"), (_model.CausalSelfAttention, "forward"),
    (_model.MLP, "forward"), (_model.KVCache, "update"), (_model.KVCache, "length"),
    (_model.KVCache, "__init__")) if not _is_course_code(c, n)]
assert not _replaced, ("This notebook replaces " + ", ".join(_replaced) + ", which grading relies on. "
                       "Remove the lines that assign to them (and restart the kernel)")
_g.check_own_function(cached_forward, "cached_forward", graded_elsewhere=["KVCache"])


def _tiny(seed, block_size, n_layer):
    torch.manual_seed(seed)
    m = _model.GPT(_model.GPTConfig(vocab_size=11, block_size=block_size, n_layer=n_layer, n_head=2, n_embd=16))
    with torch.no_grad():
        for p in m.parameters():
            p.normal_(0.0, 1.0)
    return m.eval()


def _refuse(*args, **kwargs):
    raise _g.GradingError("cached_forward called the model itself (model(...) or model.forward(...)): run "
                          "its pieces yourself: tok_emb and pos_emb at positions from cache.length on, "
                          "every block with the cache and its layer index, ln_f, lm_head")


for _seed, _bs, _nl, _B, _chunks in ((3, 8, 2, 2, (3, 1, 2, 2)), (4, 8, 2, 1, (1, 1, 5, 1)),
                                      (5, 12, 3, 3, (6, 3, 1, 2)), (6, 8, 1, 2, (8,))):
    _m = _tiny(_seed, _bs, _nl)
    _x = torch.randint(0, 11, (_B, sum(_chunks)), generator=torch.Generator().manual_seed(_seed + 10))
    with torch.no_grad():
        _whole = _g.values(_m(_x))
    _cache = _model.KVCache(_nl)
    _m.forward = _refuse
    try:
        _start = 0
        for _T in _chunks:
            _what = (f"cached_forward on a GPT of {_nl} layers, a batch of {_B}, {_T} new tokens after "
                     f"{_start} cached")
            with torch.no_grad():
                _out = _g.call_safely(cached_forward, _m, _x[:, _start:_start + _T], _cache, what=_what)
            assert isinstance(_out, torch.Tensor) and _g.shape_of(_out) == (_B, _T, 11), (
                f"{_what}: the logits have shape {_g.shape_of(_out) if isinstance(_out, torch.Tensor) else type(_out).__name__}, "
                f"expected ({_B}, {_T}, 11): one row per new token; keep every dimension, even a "
                "batch of one or a single new token")
            _g.assert_close(_out, [_row[_start:_start + _T] for _row in _whole],
                            f"{_what}: the logits differ from the model's on the whole sequence at "
                            f"positions {_start} to {_start + _T - 1}: the new tokens sit at positions "
                            "cache.length, cache.length + 1, ... (not from 0), every block gets the "
                            "cache and its own layer index, block(x, cache, layer), then ln_f and lm_head",
                            rtol=1e-4, atol=1e-4)
            _start += _T
            _held = [None if _k is None else _g.shape_of(_k)[2] for _k in _cache.keys]
            assert _held == [_start] * _nl, (
                f"{_what}: afterwards the cache's layers hold {_held} tokens, expected {_start} in "
                "each: pass the cache you were given and each block's own layer index to every block")
    finally:
        del _m.forward
### END HIDDEN TESTS


# %% test_generate_cached
from pixels_to_gpt import kv_cache as reference
from pixels_to_gpt.grading import guard
from pixels_to_gpt.sampling import generate  # chapter 7's, without a cache


class Watch:
    """Notes, at every call of the model, how many positions it gets, the mode and gradients."""

    def __init__(self, model):
        self.model, self.sizes, self.training, self.grads = model, [], [], []
        self.hook = model.tok_emb.register_forward_pre_hook(self.note)

    def note(self, module, args):
        self.sizes.append(args[0].size(1))
        self.training.append(any(layer.training for layer in self.model.modules()))
        self.grads.append(torch.is_grad_enabled())


def ids(B, T, seed):
    return torch.randint(0, 11, (B, T), generator=torch.Generator().manual_seed(seed))


# Your generate_cached runs with the course's cached_forward, so a mistake there costs points once.
with guard.replaced(globals(), "cached_forward", reference.cached_forward):
    model, prompt = tiny_gpt(0), ids(4, 3, 1)
    watch = Watch(model)
    out = generate_cached(model, prompt, 10, temperature=0)
    watch.hook.remove()
    plain = generate(model, prompt, 10, context_size=8, temperature=0)
    print("greedy, a prompt of 3 and 10 new tokens, window of 8:\n", out, "\nwithout a cache:\n", plain)
    assert out.shape == (4, 13), f"3 tokens + 10 new ones must give shape (4, 13), not {tuple(out.shape)}"
    assert torch.equal(out[:, :3], prompt), "each row must start with its prompt, unchanged"
    first_tokens = ids(8, 5, 9)  # 8 prompts of 5 tokens, one new token each
    assert torch.equal(out[:, :4], plain[:, :4]) and torch.equal(
        generate_cached(tiny_gpt(2), first_tokens, 1, temperature=0),
        generate(tiny_gpt(2), first_tokens, 1, 8, temperature=0)), (
        "the first new token is wrong: the prefill feeds the whole prompt (idx[:, -block_size:]) with "
        "a new, empty cache, and the token comes from the logits of the last position, logits[:, -1, :]")
    assert torch.equal(out[:, :8], plain[:, :8]), (
        "a token before the window was full is wrong: after the prefill feed only the token just drawn "
        "(it sits at position cache.length), with the same cache")
    assert torch.equal(out, plain), (
        "the tokens after the window of 8 slid are wrong: every position then changes, so when "
        "cache.length + the new tokens > block_size, start a new KVCache and feed the last block_size "
        "tokens, idx[:, -block_size:] (not fewer, and not the old cache)")
    print("positions the model processed at each call:", watch.sizes)
    assert sum(watch.sizes) == 40, (
        f"the model processed {sum(watch.sizes)} positions ({watch.sizes}); with a cache it needs 40: "
        "the prompt (3), then 1 per step until the window of 8 is full, then 8 per step (each a "
        "rebuild): [3, 1, 1, 1, 1, 1, 8, 8, 8, 8]. Rebuild only when the next token would not fit")
    assert not any(watch.training), "run the model in evaluation mode: call model.eval() first"
    assert not any(watch.grads), "run the model without gradients: wrap the loop in torch.no_grad()"

    for settings in (dict(), dict(temperature=0.8, top_k=4), dict(temperature=1.2, top_p=0.9)):
        out = generate_cached(model, prompt, 12, generator=torch.Generator().manual_seed(5), **settings)
        plain = generate(model, prompt, 12, 8, generator=torch.Generator().manual_seed(5), **settings)
        assert torch.equal(out, plain), (
            f"sampled with {settings or 'temperature 1'} and a seeded generator, the tokens differ from "
            "uncached generation with the same seed: pass temperature, top_k, top_p and generator on "
            "to sample_next_token")

    long_prompt = ids(2, 11, 2)  # longer than the window: the model sees only its last 8 tokens
    out = generate_cached(model, long_prompt, 4, temperature=0)
    assert torch.equal(out, generate(model, long_prompt, 4, 8, temperature=0)), (
        "a prompt of 11 tokens, longer than the window of 8: prefill its last block_size tokens, "
        "idx[:, -block_size:]")

    # The caller's mode comes back: training stays training (dropout on), evaluation stays evaluation.
    dropout_model = tiny_gpt(1, dropout=0.2).train()
    watch = Watch(dropout_model)
    out = generate_cached(dropout_model, prompt, 6, generator=torch.Generator().manual_seed(2))
    assert not any(watch.training), (
        "the model ran in training mode (dropout on): call model.eval(), which sets every layer "
        "(model.training = False changes the top module only)")
    assert all(layer.training for layer in dropout_model.modules()), (
        "a model that was training must be training again afterwards, every layer of it: note "
        "model.training first and call model.train() at the end if it was")
    generate_cached(model, prompt, 2)
    assert not any(layer.training for layer in model.modules()), (
        "a model in evaluation mode must stay in it: call model.train() at the end only if it was training")

    # Two texts one after the other on the same model: each call starts with a cache of its own.
    for text in (ids(4, 3, 3), ids(4, 3, 4)):
        assert torch.equal(generate_cached(model, text, 2, temperature=0),
                           generate(model, text, 2, 8, temperature=0)), (
            "a text after other texts on the same model is wrong: make a new KVCache in every call (a "
            "cache kept from an earlier call holds another text's keys and values)")

# The rule: your own generate_cached.
guard.check_own_function(generate_cached, "generate_cached",
                         graded_elsewhere=["cached_forward", "KVCache", "sample_next_token"])
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt import kv_cache as _kv, model as _model, sampling as _sampling
import torch.nn.functional as _F
_g.check_untampered((_F, "scaled_dot_product_attention"), (_F, "layer_norm"), (_F, "embedding"),
                    (_F, "linear"), (_F, "gelu"), (_F, "dropout"), (torch.nn.Module, "__call__"),
                    (torch.nn.Module, "train"), (torch.nn.Module, "eval"), (torch, "no_grad"),
                    (torch.nn.Embedding, "forward"), (torch.nn.Linear, "forward"),
                    (torch.nn.LayerNorm, "forward"), (torch.nn.Dropout, "forward"))


def _is_course_code(obj, name, path):
    fn = vars(obj).get(name) if isinstance(obj, type) else getattr(obj, name, None)
    fn = getattr(fn, "fget", fn)
    where = getattr(getattr(fn, "__code__", None), "co_filename", "").replace("\\", "/")
    return where.endswith(path)


_replaced = [f"{getattr(o, '__name__', o)}.{n}" for o, n, p in (
    (_model.GPT, "forward", "model.py"), (_model.Block, "forward", "model.py"),
    (_model.CausalSelfAttention, "forward", "model.py"), (_model.MLP, "forward", "model.py"),
    (_model.KVCache, "update", "model.py"), (_model.KVCache, "length", "model.py"),
    (_model.KVCache, "__init__", "model.py"), (_sampling, "generate", "sampling.py"),
    (_sampling, "sample_next_token", "sampling.py"), (_kv, "cached_forward", "kv_cache.py"))
    if not _is_course_code(o, n, "pixels_to_gpt/" + p)]
assert not _replaced, ("This notebook replaces " + ", ".join(_replaced) + ", which grading relies on. "
                       "Remove the lines that assign to them (and restart the kernel)")
_g.check_own_function(generate_cached, "generate_cached",
                      graded_elsewhere=["cached_forward", "KVCache", "sample_next_token"])


def _tiny(seed, block_size=8, n_layer=2, dropout=0.0):
    torch.manual_seed(seed)
    m = _model.GPT(_model.GPTConfig(vocab_size=11, block_size=block_size, n_layer=n_layer, n_head=2,
                                    n_embd=16, dropout=dropout))
    with torch.no_grad():
        for p in m.parameters():
            p.normal_(0.0, 1.0)
    return m.eval()


def _ids(B, T, seed):
    return torch.randint(0, 11, (B, T), generator=torch.Generator().manual_seed(seed))


def _positions(T, n, block_size):
    """The positions a cached generation processes: the prefill, 1 per step, block_size per rebuild."""
    total, held = min(T, block_size), min(T, block_size)
    for _ in range(n - 1):
        total, held = (total + block_size, block_size) if held + 1 > block_size else (total + 1, held + 1)
    return total


def _noting(m, sizes, modes, grad_modes):
    """A hook that notes each call's positions, whether any layer was training, and gradients."""
    def note(module, args):
        sizes.append(_g.shape_of(args[0])[1])
        modes.append(any(layer.training for layer in m.modules()))
        grad_modes.append(torch.is_grad_enabled())
    return note


_ns = generate_cached.__globals__
with _g.replaced(_ns, "cached_forward", _kv.cached_forward), \
        _g.replaced(_ns, "KVCache", _model.KVCache), \
        _g.replaced(_ns, "sample_next_token", _sampling.sample_next_token):
    for _seed, _bs, _nl, _B, _T, _n, _settings in (
            (40, 8, 2, 2, 3, 10, dict(temperature=0)), (41, 8, 2, 2, 3, 12, dict(seed=1)),
            (42, 8, 2, 2, 5, 6, dict(temperature=0.8, top_k=4, seed=2)),
            (43, 8, 2, 1, 2, 5, dict(temperature=1.2, top_p=0.9, seed=3)),
            (44, 8, 2, 1, 4, 5, dict(temperature=0)), (45, 8, 2, 2, 8, 4, dict(temperature=0)),
            (46, 8, 2, 2, 11, 4, dict(seed=4)), (47, 8, 2, 2, 4, 1, dict(temperature=0)),
            (48, 5, 3, 2, 2, 9, dict(seed=5)), (49, 6, 1, 3, 1, 12, dict(temperature=0.7, seed=6))):
        _m = _tiny(_seed, _bs, _nl)
        _idx = _ids(_B, _T, _seed + 100)
        _before = _g.values(_idx)
        _seed_of = _settings.pop("seed", None)
        _gen = lambda: None if _seed_of is None else torch.Generator().manual_seed(_seed_of)
        _what = (f"generate_cached on a GPT with a window of {_bs}, a prompt of {_T} tokens, {_n} new, "
                 f"{_settings or 'temperature 1'}")
        _sizes, _modes, _grads = [], [], []
        _hook = _m.tok_emb.register_forward_pre_hook(_noting(_m, _sizes, _modes, _grads))
        try:
            _out = _g.call_safely(generate_cached, _m, _idx, _n, generator=_gen(), what=_what, **_settings)
        finally:
            _hook.remove()
        assert _g.values(_idx) == _before, f"{_what}: generate_cached changed the prompt in place"
        _want = _g.values(_sampling.generate(_m, _idx, _n, _bs, generator=_gen(), **_settings))
        assert isinstance(_out, torch.Tensor) and _g.shape_of(_out) == (_B, _T + _n), (
            f"{_what}: the result must be the prompt followed by {_n} new tokens, shape ({_B}, {_T + _n})")
        _got = _g.values(_out)
        assert _got == _want, (
            f"{_what}: returned {_got}, uncached generation writes {_want}: prefill the prompt "
            "(idx[:, -block_size:]) into a new cache, then feed only the token just drawn; when "
            "cache.length + the new tokens > block_size, start a new cache with the last block_size "
            "tokens (every position changed); choose each token with sample_next_token(logits[:, -1, :], "
            "temperature, top_k, top_p, generator)")
        assert sum(_sizes) <= _positions(_T, _n, _bs), (
            f"{_what}: the model processed {sum(_sizes)} positions ({_sizes}) where the cache needs "
            f"{_positions(_T, _n, _bs)}: feed the prompt once, then only the token just drawn, and "
            "rebuild only when the next token would not fit")
        assert not any(_modes), f"{_what}: the model ran in training mode: call model.eval() first"
        assert not any(_grads), f"{_what}: the model ran with gradients: wrap the loop in torch.no_grad()"
        assert not any(_l.training for _l in _m.modules()), (
            f"{_what}: a model in evaluation mode must stay in it: call model.train() at the end only "
            "if it was training")
    # a model in training mode, with dropout: evaluation while generating, training again after
    _m = _tiny(50, dropout=0.2).train()
    _idx = _ids(2, 3, 150)
    _modes = []
    _hook = _m.tok_emb.register_forward_pre_hook(_noting(_m, [], _modes, []))
    try:
        _out = _g.call_safely(generate_cached, _m, _idx, 8, generator=torch.Generator().manual_seed(7),
                              what="generate_cached on a model in training mode")
    finally:
        _hook.remove()
    assert not any(_modes), ("the model ran in training mode (dropout on): call model.eval(), which "
                             "sets every layer (model.training = False changes the top module only)")
    assert all(_l.training for _l in _m.modules()), (
        "a model that was training must be training again afterwards, every layer of it: note "
        "model.training first and call model.train() at the end if it was")
    _m.eval()
    assert _g.values(_out) == _g.values(_sampling.generate(_m, _idx, 8, 8, generator=torch.Generator().manual_seed(7))), (
        "on a model in training mode the tokens differ from uncached generation: call model.eval() first")
    # texts one after another on the same model: a new cache in every call
    _m = _tiny(51)
    for _k, (_T, _n) in enumerate(((3, 2), (3, 2), (2, 4))):
        _idx = _ids(3, _T, 160 + _k)
        _out = _g.call_safely(generate_cached, _m, _idx, _n, temperature=0,
                              what=f"generate_cached, text {_k + 1} on the same model")
        assert _g.values(_out) == _g.values(_sampling.generate(_m, _idx, _n, 8, temperature=0)), (
            f"text {_k + 1} of several on the same model is wrong: make a new KVCache in every call (a "
            "cache kept from an earlier call holds another text's keys and values)")
### END HIDDEN TESTS
