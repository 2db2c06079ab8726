"""The hidden tests: the test cells of solutions/ch05_gpt/gpt.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_causal_self_attention
from pixels_to_gpt.grading import guard

x = torch.randn(2, 6, 32)
w_before = {name: t.clone() for name, t in w.items()}
with torch.no_grad():
    mine = causal_self_attention(x, w, n_head=4)
assert all(torch.equal(w[name], w_before[name]) for name in w), (
    "causal_self_attention changed the weights in w in place: w belongs to the caller, leave it as it is")
with torch.no_grad():
    reference = block.attn(x)
print("largest difference from the package's attention:", (mine - reference).abs().max().item())
assert mine.shape == (2, 6, 32), "the output must have the shape of x, (B, T, C)"
HOW = (" Check: q, k, v in that order from one qkv projection (with its bias); heads as "
       "view(B, T, n_head, hs).transpose(1, 2); is_causal=True; heads merged back with "
       "transpose(1, 2) before reshape; then the output projection attn.proj")
assert torch.allclose(mine, reference, atol=1e-5), (
    "the output differs from the package's attention with the same weights, block.attn(x)." + HOW)

# A model with biases (as GPT-2 has), a batch of one sequence, and large inputs.
biased = Block(GPTConfig(n_embd=32, n_head=4, bias=True)).eval()
one = 60 * torch.randn(1, 5, 32)
one_before = one.clone()
with torch.no_grad():
    mine = causal_self_attention(one, biased.state_dict(), n_head=4)
    reference = biased.attn(one_before)
assert torch.equal(one, one_before), (
    "causal_self_attention changed x in place (here x with large values): x belongs to the "
    "caller; don't use in-place operations on it (clamp_, +=, masked_fill_, ...), compute new "
    "tensors instead")
assert mine.shape == (1, 5, 32), (
    f"for x of shape (1, 5, 32) the output has shape {tuple(mine.shape)}: keep every dimension "
    "of x, even a batch of one. .squeeze() drops every dimension of size 1: index a head with "
    "q[:, h], or squeeze only the dimension you mean")
assert torch.allclose(mine, reference, atol=1e-3), (
    "with bias=True weights (w has attn.qkv.bias and attn.proj.bias) the output differs from the "
    "package's attention." + HOW)

# The rule: your own function, without the course's modules.
guard.check_own_function(causal_self_attention, "causal_self_attention")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch05_gpt as _c5
_g.check_untampered(*_c5.RELIED_ON)
_c5.check_model_intact()
_g.check_own_function(causal_self_attention, "causal_self_attention")
_c5.check_random_cases(
    causal_self_attention, "causal_self_attention",
    ((24, 4, False, 7), (24, 2, True, 5), (16, 1, True, 4), (32, 8, False, 3)),
    seed=lambda C, n_head: C + n_head, attention_only=True,
    how=("Check: q, k, v in that order from one qkv projection (with its bias); heads as "
         "view(B, T, n_head, hs).transpose(1, 2); is_causal=True; heads merged back with "
         "transpose(1, 2) before reshape; then the output projection attn.proj"),
    x_message="causal_self_attention changed x in place",
    w_message=("causal_self_attention changed the weights in w in place (such as scaling the "
               "query rows of attn.qkv.weight): w belongs to the caller, and every later call "
               "would scale them again; leave w as it is and scale the scores (SDPA does it for "
               "you)"))
# a batch of one and a single token keep their dimensions
for _B, _T in ((1, 5), (2, 1), (1, 1)):
    _block, _w = _c5.random_block(16, 2, True, seed=40 + _T)
    _x = _c5.random_x((_B, _T, 16), seed=_B + 7 * _T)
    _want = _c5.package_output(_block.attn, _x)
    _what = f"causal_self_attention(x of shape {(_B, _T, 16)}, w, n_head=2)"
    _y = _g.call_safely(causal_self_attention, _x, _w, 2, what=_what)
    assert _g.shape_of(_y) == (_B, _T, 16), (
        f"{_what} has shape {_g.shape_of(_y)}, expected {(_B, _T, 16)}: keep every dimension "
        "of x, even a batch of one or a single token. .squeeze() drops every dimension of "
        "size 1: index a head with q[:, h], or squeeze only the dimension you mean, squeeze(1)")
    _g.assert_close(_y, _want, f"{_what} differs from the package's attention with the same "
                    "weights", rtol=1e-7, atol=1e-9)
# large inputs: x must come back unchanged
_block, _w = _c5.random_block(24, 4, True, seed=5)
_c5.check_large_x(causal_self_attention, _block, _w, 60 * _c5.random_x((2, 5, 24), seed=11), 4,
                  what="causal_self_attention(x with large values, w, n_head=4)",
                  attention_only=True,
                  advice_end="masked_fill_, ...), compute new tensors instead")
# the future must not leak into the past
_block, _w = _c5.random_block(24, 4, False, seed=1)
_x = _c5.random_x((1, 6, 24), seed=2)
_x2 = _x.clone()
_x2[:, 4:] = 10.0
_y = _g.call_safely(causal_self_attention, _x, _w, 4, what="causal_self_attention")
_y2 = _g.call_safely(causal_self_attention, _x2, _w, 4, what="causal_self_attention")
assert _g.shape_of(_y) == (1, 6, 24) and _g.shape_of(_y2) == (1, 6, 24), (
    f"causal_self_attention(x of shape (1, 6, 24)) has shape {_g.shape_of(_y)}: keep every "
    "dimension of x, even a batch of one")
_g.assert_close(_y2[:, :4], [_g.values(_y)[0][:4]], "the future leaks: changing tokens 4 and 5 "
                "changed the outputs of tokens 0 to 3; use a causal mask (is_causal=True)",
                rtol=1e-9, atol=1e-12)
### END HIDDEN TESTS


# %% test_block_forward
from pixels_to_gpt.grading import guard


def check_block(block, x, what):
    """Your block_forward against the package's Block with the same weights, on x."""
    global causal_self_attention
    x_before = x.clone()
    # This test checks your block alone: the package's attention stands in for yours meanwhile.
    yours = causal_self_attention
    causal_self_attention = lambda h, w, n_head: block.attn(h)
    try:
        with torch.no_grad():
            mine = block_forward(x, block.state_dict(), n_head=4)
            reference = block(x_before)
    finally:
        causal_self_attention = yours
    assert torch.equal(x, x_before), f"block_forward changed x in place ({what}): write x = x + ..., not x += ..., and no clamp_"
    assert mine.shape == x.shape, "the output must have the shape of x, (B, T, C)"
    return mine, reference


mine, reference = check_block(block, torch.randn(2, 6, 32), "x")
print("largest difference from the package's block:", (mine - reference).abs().max().item())
HOW = (" The block is pre-norm with residuals: x = x + attention(ln_1(x)), then x = x + mlp(ln_2(x)) "
       "on the updated x, mlp = fc, GELU, proj; layer norms with their weight and bias (F.layer_norm, "
       "PyTorch's default eps); every linear layer with its bias when w has one")
assert torch.allclose(mine, reference, atol=1e-5), (
    "the output differs from the package's Block with the same weights, block(x)." + HOW)

# A trained block has biases and layer norms whose weights are no longer all 1 (and differ).
trained = Block(GPTConfig(n_embd=32, n_head=4, bias=True)).eval()
with torch.no_grad():
    for name, p in trained.named_parameters():
        if name.startswith("ln_"):
            p.add_(0.3 * torch.randn_like(p))
mine, reference = check_block(trained, torch.randn(2, 6, 32), "x")
assert torch.allclose(mine, reference, atol=1e-5), (
    "with trained layer norms and biases the output differs from the package's Block." + HOW)
check_block(trained, 400 * torch.randn(2, 4, 32), "x with large values")

# Tokens whose channels are (almost) all equal: their variance is (nearly) 0, and the layer
# norm's eps decides the result.
flat = torch.stack([torch.full((32,), 2.0), 3.0 + 1e-3 * torch.randn(32)])[None]
mine, reference = check_block(block, flat, "x")
assert torch.allclose(mine, reference, atol=1e-4), (
    "block_forward is wrong for tokens whose channels are (almost) all equal: their variance is "
    "(nearly) 0, and the layer norm's eps decides the result. Use PyTorch's default eps=1e-5, "
    "added to the variance under the square root: (x - mean) / sqrt(var + 1e-5), which is what "
    "F.layer_norm(x, (C,), weight, bias) computes")

# The rule: your own function, without the course's modules.
guard.check_own_function(block_forward, "block_forward")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch05_gpt as _c5
import math as _math
_g.check_untampered(*_c5.RELIED_ON)
_c5.check_model_intact()
_g.check_own_function(block_forward, "block_forward")


def _identity_attention(x, w, n_head):
    return x


# The layer norms alone: with attention the identity and the MLP's output weights zero, the
# block is x + ln_1(x). Tokens: ordinary, of tiny variance, and all channels equal.
_C = 16
_block, _w = _c5.random_block(_C, 2, True, seed=3)
_w["ln_1.weight"], _w["ln_1.bias"] = (torch.ones(_C, dtype=torch.float64),
                                      torch.zeros(_C, dtype=torch.float64))
_w["mlp.proj.weight"] = torch.zeros_like(_w["mlp.proj.weight"])
_w["mlp.proj.bias"] = torch.zeros_like(_w["mlp.proj.bias"])
_z = _c5.random_x((2, _C), seed=12)
_x = torch.stack([_z[0], 3.0 + 1e-3 * _z[1], torch.full((_C,), 2.0, dtype=torch.float64)])[None]
with _g.replaced(block_forward.__globals__, "causal_self_attention", _identity_attention):
    _y = _g.call_safely(block_forward, _x, _w, 2, what="block_forward")
if _g.shape_of(_y) == (1, 3, _C):
    _rows = _g.values(_x)[0]
    _ln = [[a - b for a, b in zip(ra, rb)] for ra, rb in zip(_g.values(_y)[0], _rows)]
    _want = [[(v - sum(r) / _C) / _math.sqrt(sum((u - sum(r) / _C) ** 2 for u in r) / _C + 1e-5)
              for v in r] for r in _rows]

    def _near(got, want, tol):
        return all(abs(a - b) <= tol * (1 + abs(b)) for a, b in zip(got, want))

    # ordinary tokens right, the others wrong: the layer norm's eps is missing or misplaced
    if _near(_ln[0], _want[0], 1e-4) and not (_near(_ln[1], _want[1], 1e-6)
                                               and _near(_ln[2], _want[2], 1e-6)):
        raise AssertionError(
            "block_forward's layer norm is wrong for a token whose channels are (almost) all "
            "equal: its variance is (nearly) 0, and the layer norm's eps decides the result. "
            f"For channels 3 + 0.001 * z it gave {_ln[1][:3]}..., expected {_want[1][:3]}...; "
            f"for equal channels {_ln[2][:3]}..., expected 0. Use PyTorch's default eps=1e-5, "
            "added to the variance under the square root: (x - mean) / sqrt(var + 1e-5), "
            "which is what F.layer_norm(x, (C,), weight, bias) computes")
with _g.replaced(block_forward.__globals__, "causal_self_attention", _c5.ref_attention):
    _c5.check_random_cases(
        block_forward, "block_forward", ((24, 4, False, 7), (24, 2, True, 5), (16, 4, True, 3)),
        seed=lambda C, n_head: 10 * C + n_head, attention_only=False,
        how=("The block is pre-norm with residuals: x = x + attention(ln_1(x)), then "
             "x = x + mlp(ln_2(x)) on the updated x, mlp = fc, GELU, proj; layer norms "
             "with their weight and bias; every linear layer with its bias when w has one"),
        x_message="block_forward changed x in place: write x = x + ..., not x += ...",
        w_message="block_forward changed the weights in w")
    # large inputs: x must come back unchanged
    _block, _w = _c5.random_block(16, 2, True, seed=9)
    _c5.check_large_x(block_forward, _block, _w, 400 * _c5.random_x((2, 4, 16), seed=13), 2,
                      what="block_forward(x with large values, w, n_head=2)",
                      attention_only=False,
                      advice_end="...), write x = x + ... and compute new tensors")
### END HIDDEN TESTS


# %% test_dropout
from pixels_to_gpt.grading import guard

NOT_THESE = ((F, "dropout"), (torch, "dropout"), (torch.nn.Dropout, "forward"))
YOURSELF = ("write dropout yourself, without F.dropout, torch.dropout or nn.Dropout (they cannot "
            "draw from your generator): keep = torch.rand(x.shape, generator=generator) >= p")
IN_PLACE = ("dropout changed x in place: x belongs to the caller; don't use in-place operations "
            "on it (x *= ..., x[...] = 0, mul_, masked_fill_), compute a new tensor: x * keep * scale")


def my_dropout(*args, **kwargs):
    """Your dropout, with the library's own dropout switched off while it runs."""
    with guard.forbid(NOT_THESE, YOURSELF):
        return dropout(*args, **kwargs)


def seeded(seed):
    return torch.Generator().manual_seed(seed)


x = torch.randn(4, 8)
x_before = x.clone()

# In use (training=False) dropout does nothing: as nn.Dropout in eval mode.
used = my_dropout(x, 0.5, training=False)
assert torch.equal(x, x_before), IN_PLACE
assert isinstance(used, torch.Tensor) and used.shape == x.shape and torch.equal(
    used, torch.nn.Dropout(0.5).eval()(x)), (
    "with training=False dropout must return x unchanged, as nn.Dropout(p).eval() does: no "
    "element zeroed, none scaled (the scaling by 1 / (1 - p) happens in training, so using the "
    "model needs no correction). Return x when not training")

# In training each element is zeroed, or kept and divided by 1 - p: as nn.Dropout does.
p = 0.25
mine = my_dropout(x, p, training=True, generator=seeded(1))
assert torch.equal(x, x_before), IN_PLACE
assert mine.shape == x.shape and mine.dtype == x.dtype, (
    f"dropout(x) must have x's shape and dtype, {tuple(x.shape)} {x.dtype}, not "
    f"{tuple(mine.shape)} {mine.dtype}")
theirs = torch.nn.Dropout(p).train()(x)
print("x[0]:            ", [round(v, 2) + 0.0 for v in x[0].tolist()])
print("your dropout:    ", [round(v, 2) + 0.0 for v in mine[0].tolist()])
print("nn.Dropout(0.25):", [round(v, 2) + 0.0 for v in theirs[0].tolist()])
kept = mine != 0
assert torch.allclose(mine[kept], x[kept] / (1 - p)), (
    "the elements dropout keeps must be divided by 1 - p (here x / 0.75), as nn.Dropout's are: "
    "then each element's expected value stays x. Multiply the kept ones by 1 / (1 - p), not by "
    "p or 1 - p, and don't leave them as they are")

# How often: each element is dropped with probability p, and the mean stays the same.
ones = torch.ones(100_000)
mine = my_dropout(ones, 0.3, training=True, generator=seeded(2))
zeroed = (mine == 0).float().mean().item()
torch_zeroed = (torch.nn.Dropout(0.3).train()(ones) == 0).float().mean().item()
print(f"p=0.3 on 100,000 ones: yours zeroes {zeroed:.3f} of them (nn.Dropout {torch_zeroed:.3f}); "
      f"their mean is {mine.mean().item():.3f}")
assert abs(zeroed - 0.3) < 0.01, (
    f"with p=0.3 dropout must zero each element with probability p, about 30% of them: yours "
    f"zeroed {zeroed:.1%}. Keep an element where torch.rand(...) >= p (kept with probability "
    "1 - p), not where it is < p")
assert abs(mine.mean().item() - 1.0) < 0.01, (
    "the mean of many elements must stay what it was (1 here): divide the kept ones by 1 - p")

# The rule: a seed reproduces the mask, and the mask is the one the exercise states.
a = my_dropout(x, p, training=True, generator=seeded(3))
b = my_dropout(x, p, training=True, generator=seeded(3))
assert torch.equal(a, b), (
    "the same generator seed gave two different masks: draw with the generator you are given, "
    "torch.rand(x.shape, generator=generator)")
rule = x * (torch.rand(x.shape, generator=seeded(3)) >= p) / (1 - p)
assert torch.allclose(a, rule, rtol=1e-6, atol=1e-7), (
    "dropout's mask must follow the exercise's rule, keep = torch.rand(x.shape, "
    "generator=generator) >= p (one float32 number per element, in x's shape), so that a seed "
    "reproduces it; then return x * keep / (1 - p)")

# The edges: p = 0 keeps everything, p = 1 drops everything.
assert torch.equal(my_dropout(x, 0.0, training=True, generator=seeded(4)), x), (
    "with p=0 dropout keeps every element, unchanged")
everything = my_dropout(x, 1.0, training=True, generator=seeded(4))
assert torch.equal(everything, torch.zeros_like(x)), (
    f"with p=1 every element is dropped: return zeros, not {everything[0, :3].tolist()}... "
    "At p=1, 1 / (1 - p) is 1 / 0, and 0 * inf is nan: treat p == 1 on its own (scale 0)")

# p is a probability: anything outside [0, 1] is refused, in training and in use.
for bad in (-0.1, 1.5):
    for training in (True, False):
        try:
            my_dropout(x, bad, training=training)
        except ValueError:
            continue
        raise AssertionError(
            f"dropout(x, p={bad}, training={training}) must raise ValueError: p is a "
            f"probability, between 0 and 1. Check it first, before the training flag "
            f"(nn.Dropout({bad}) refuses it at once)")

# The chapter's question: the same model (and weights) in training and in use.
lin1, lin2 = torch.nn.Linear(8, 32), torch.nn.Linear(32, 2)


def tiny_model(inputs, training):
    return lin2(my_dropout(torch.relu(lin1(inputs)), 0.5, training=training))


with torch.no_grad():
    in_training = [tiny_model(x[:1], True) for _ in range(2)]
    in_use = [tiny_model(x[:1], False) for _ in range(2)]
print("the same input twice, in training:", [[round(v, 3) for v in y[0].tolist()] for y in in_training])
print("the same input twice, in use:     ", [[round(v, 3) for v in y[0].tolist()] for y in in_use])
assert not torch.equal(*in_training) and torch.equal(*in_use), (
    "a model with your dropout must answer differently each time in training (a new random "
    "mask per call) and the same every time in use")

# The rule: your own function, without the course's modules or the library's dropout.
guard.check_own_function(dropout, "dropout", shortcuts=NOT_THESE)
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
_NOT = ((F, "dropout"), (torch, "dropout"), (torch.nn.Dropout, "forward"),
        (torch, "native_dropout"), (torch, "alpha_dropout"))
_g.check_untampered((F, "dropout"), (torch, "dropout"), (torch.nn.Dropout, "forward"),
                    (torch, "Generator"), (torch, "randn"), (torch, "zeros_like"))
_g.check_own_function(dropout, "dropout", shortcuts=_NOT)
_RULE = ("keep = torch.rand(x.shape, generator=generator) >= p, then x * keep / (1 - p): each "
         "element zeroed with probability p, the kept ones divided by 1 - p")


def _seeded(seed):
    return torch.Generator().manual_seed(seed)


def _call(*args, what, **kwargs):
    with _g.forbid(_NOT, "write dropout yourself, without F.dropout or nn.Dropout: " + _RULE):
        return _g.call_safely(dropout, *args, what=what, **kwargs)


def _check(y, want, shape, what, how=_RULE, rtol=1e-6, atol=1e-7):
    assert isinstance(y, torch.Tensor), f"{what} returned {type(y).__name__}, not a tensor"
    assert _g.shape_of(y) == shape, f"{what} has shape {_g.shape_of(y)}, expected {shape}"
    _g.assert_close(y, want, f"{what} is wrong: {how}", rtol=rtol, atol=atol)


# training, with a seeded generator: the mask follows the rule
_x = torch.randn(4, 50, generator=_seeded(21))
_xv = _g.values(_x)
for _i, _p in enumerate((0.1, 0.25, 0.5, 0.8)):
    _r = _g.values(torch.rand((4, 50), generator=_seeded(31 + _i)))
    _want = [[v / (1 - _p) if r >= _p else 0.0 for v, r in zip(rv, rr)] for rv, rr in zip(_xv, _r)]
    _what = f"dropout(x of shape (4, 50), p={_p}, training=True, a seeded generator)"
    _y = _call(_x, _p, True, generator=_seeded(31 + _i), what=_what)
    assert _g.values(_x) == _xv, "dropout changed x in place: compute a new tensor"
    _check(_y, _want, (4, 50), _what)
# without a generator: torch's global one
torch.default_generator.manual_seed(41)
_r = _g.values(torch.rand((4, 50)))
torch.default_generator.manual_seed(41)
_y = _call(_x, 0.4, True, what="dropout(x, p=0.4, training=True) without a generator")
_check(_y, [[v / 0.6 if r >= 0.4 else 0.0 for v, r in zip(rv, rr)] for rv, rr in zip(_xv, _r)],
       (4, 50), "dropout(x, p=0.4, training=True) without a generator (torch's global one)")
# the edges in training: p = 0 keeps everything, p = 1 drops everything (no nan)
_what = "dropout(x, p=0, training=True)"
_check(_call(_x, 0.0, True, generator=_seeded(5), what=_what), _xv, (4, 50), _what,
       how="with p=0 every element is kept, unchanged")
_what = "dropout(x, p=1, training=True)"
_check(_call(_x, 1.0, True, generator=_seeded(5), what=_what), [[0.0] * 50] * 4, (4, 50), _what,
       how="with p=1 every element is dropped: return zeros (at p=1, 1 / (1 - p) is 1 / 0 "
       "and 0 * inf is nan: treat p == 1 on its own)")
assert _g.values(_x) == _xv, "dropout changed x in place: compute a new tensor"
# in use: x unchanged, whatever p, shape and dtype
_x3 = torch.randn(2, 5, 8, generator=_seeded(22), dtype=torch.float64)
for _p in (0.0, 0.3, 1.0):
    _what = f"dropout(x of shape (2, 5, 8), p={_p}, training=False)"
    _y = _call(_x3, _p, False, what=_what)
    _check(_y, _g.values(_x3), (2, 5, 8), _what, rtol=0, atol=0,
           how="in use (training=False) dropout returns x unchanged: no zeros, no scaling")
# p outside [0, 1]: ValueError, in training and in use
for _p in (-0.1, 1.5):
    for _training in (True, False):
        try:
            with _g.forbid(_NOT, "write dropout yourself"):
                dropout(_x, _p, _training)
        except ValueError:
            continue
        except Exception as _e:
            raise AssertionError(f"dropout(x, p={_p}, training={_training}) raised "
                                 f"{type(_e).__name__}, not ValueError") from None
        raise AssertionError(f"dropout(x, p={_p}, training={_training}) must raise ValueError: "
                             "p is a probability, between 0 and 1, in training and in use")
### END HIDDEN TESTS
