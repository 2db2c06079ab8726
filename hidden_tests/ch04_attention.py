"""The hidden tests: the test cells of solutions/ch04_attention/attention.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_scaled_dot_product_attention
from pixels_to_gpt.grading import guard

guard.check_untampered((F, "scaled_dot_product_attention"))  # the checks below compare with PyTorch's own
guard.check_own_function(scaled_dot_product_attention, "scaled_dot_product_attention")  # your own code
PYTORCH_ATTENTION = [(F, "scaled_dot_product_attention"), (torch.nn, "MultiheadAttention")]
NOT_PYTORCH = ("scaled_dot_product_attention may not call PyTorch's attention: write it from "
               "q @ k.transpose(-2, -1), a softmax and weights @ v")
q = torch.randn(2, 5, 8)
k = torch.randn(2, 5, 8)
v = torch.randn(2, 5, 3)
q_before = q.clone()
writes = [t._version for t in (q, k, v)]  # torch counts each tensor's in-place writes
with guard.forbid(PYTORCH_ATTENTION, NOT_PYTORCH):
    out, weights = scaled_dot_product_attention(q, k, v, causal=True)
print("weights of the first sequence:\n", weights[0])
assert torch.equal(q, q_before), "scaled_dot_product_attention changed q in place: compute new tensors"
assert [t._version for t in (q, k, v)] == writes, (
    "scaled_dot_product_attention wrote into a tensor it was given (such as q.clamp_(...) or "
    "q /= ...), even where it changed no value: leave q, k and v as they are and compute new tensors")
assert out.shape == (2, 5, 3) and weights.shape == (2, 5, 5), \
    "return the pair (output, weights): output (B, Tq, dv), weights (B, Tq, Tk)"
assert not weights.isnan().any(), "some weights are nan: the causal mask must allow the diagonal (a token sees itself)"
assert torch.allclose(weights.sum(-1), torch.ones(2, 5)), ("each row of weights must sum to 1: take the "
    "softmax over the keys (dim=-1), and apply the mask to the scores before the softmax")
assert (weights[0].triu(1) == 0).all(), ("with causal=True, weights above the diagonal (the future) "
    "must be 0: keep the lower triangle (tril)")
assert torch.allclose(out, F.scaled_dot_product_attention(q, k, v, is_causal=True), atol=1e-6), (
    "the output differs from PyTorch's scaled_dot_product_attention: divide the scores by sqrt(d), "
    "with d = q.size(-1), the head size")
# batch, heads, T, d = (2, 3, 4, 2): the head size d is q.size(-1) = 2, whatever the number of heads
q4, k4, v4 = torch.randn(2, 3, 4, 2), torch.randn(2, 3, 4, 2), torch.randn(2, 3, 4, 2)
with guard.forbid(PYTORCH_ATTENTION, NOT_PYTORCH):
    out4, _ = scaled_dot_product_attention(q4, k4, v4)
assert torch.allclose(out4, F.scaled_dot_product_attention(q4, k4, v4), atol=1e-6), (
    "with 4 dimensions (batch, heads, T, d) the output is wrong: scale by the square root of the "
    "head size q.size(-1) (not by heads * head size, the model's width)")
# dimensions of size 1 are dimensions too: a batch of one, and a single query (as when generating)
for q1, k1, v1 in ((torch.randn(1, 4, 4), torch.randn(1, 4, 4), torch.randn(1, 4, 3)),
                   (torch.randn(2, 1, 4), torch.randn(2, 5, 4), torch.randn(2, 5, 3))):
    with guard.forbid(PYTORCH_ATTENTION, NOT_PYTORCH):
        out1, weights1 = scaled_dot_product_attention(q1, k1, v1)
    want = (*q1.shape[:-1], v1.size(-1)), (*q1.shape[:-1], k1.size(-2))
    assert (out1.shape, weights1.shape) == want, (
        f"for q {tuple(q1.shape)}, k {tuple(k1.shape)}, v {tuple(v1.shape)} the output must have shape "
        f"{want[0]} and the weights {want[1]}, got {tuple(out1.shape)} and {tuple(weights1.shape)}: "
        "keep every dimension, even a batch of one or a single query (don't squeeze)")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import ch04_attention as _c4, guard as _g, oracles as _o
import math as _math
_SDPA = ((F, "scaled_dot_product_attention"), (torch.nn, "MultiheadAttention"),
         (F, "multi_head_attention_forward"))
_g.check_untampered((F, "scaled_dot_product_attention"))
_g.check_own_function(scaled_dot_product_attention, "scaled_dot_product_attention", _SDPA)


def _oracle_weights(qs, ks, causal):
    # plain-Python attention weights for nested lists (..., T, d), same leading dims
    if not isinstance(qs[0][0], list):
        d = len(qs[0])
        rows = []
        for i, qi in enumerate(qs):
            scores = [_math.fsum(a * b for a, b in zip(qi, kj)) / _math.sqrt(d)
                      if (not causal or j <= i) else float("-inf") for j, kj in enumerate(ks)]
            rows.append(_o.softmax_row(scores))
        return rows
    return [_oracle_weights(a, b, causal) for a, b in zip(qs, ks)]


def _attend(q, k, v, causal, what):
    _before = [_g.values(t) for t in (q, k, v)]
    _written = [_c4.write_count(t) for t in (q, k, v)]
    _result = _g.call_safely(scaled_dot_product_attention, q, k, v, causal=causal, what=what)
    assert [_g.values(t) for t in (q, k, v)] == _before, (
        "scaled_dot_product_attention changed its inputs in place: compute new tensors "
        "(q / x, not q /= x; masked_fill, not masked_fill_)")
    assert [_c4.write_count(t) for t in (q, k, v)] == _written, (
        "scaled_dot_product_attention wrote into a tensor it was given (an in-place operation "
        "such as q.clamp_(...), q /= ..., k[...] = ... or masked_fill_, on the tensor or on a "
        "view of it), even where it changed no value here: leave q, k and v as they are and "
        "compute new tensors (q.clamp(...), q / x, masked_fill)")
    assert isinstance(_result, tuple) and len(_result) == 2, (
        f"{what} must return the pair (output, weights), got {type(_result).__name__}")
    return _result


_gen = torch.Generator().manual_seed(4)
_q3 = torch.randn(2, 3, 4, generator=_gen, dtype=torch.float64)
_k5 = torch.randn(2, 5, 4, generator=_gen, dtype=torch.float64)
_v5 = torch.randn(2, 5, 6, generator=_gen, dtype=torch.float64)
_q, _k, _v = (torch.randn(2, 3, 6, 4, generator=_gen, dtype=torch.float64) for _ in range(3))
_expected = {c: _g.values(F.scaled_dot_product_attention(_q, _k, _v, is_causal=c)) for c in (False, True)}
_expected_cross = _g.values(F.scaled_dot_product_attention(_q3, _k5, _v5))
_gen1 = torch.Generator().manual_seed(41)
_q1, _k1, _v1 = (torch.randn(1, 4, _n, generator=_gen1, dtype=torch.float64) for _n in (4, 4, 3))
_qs = torch.randn(2, 1, 4, generator=_gen1, dtype=torch.float64)
_SIZE_ONE = [(_x, _y, _z, _c, _what, _g.values(F.scaled_dot_product_attention(_x, _y, _z, is_causal=_c)))
             for _x, _y, _z, _c, _what in (
                 (_q1, _k1, _v1, True, "q, k of shape (1, 4, 4), v (1, 4, 3), causal=True"),
                 (_qs, _k5, _v5[..., :3], False, "q (2, 1, 4), k (2, 5, 4), v (2, 5, 3)"),
                 (_qs[:1], _k5[:1, :1], _v5[:1, :1], True, "q, k (1, 1, 4), v (1, 1, 6), causal=True"))]

with _g.forbid(_SDPA, "scaled_dot_product_attention may not call PyTorch's attention: write it "
               "from q @ k.transpose(-2, -1), a softmax and weights @ v"):
    # cross-attention, no mask: 3 queries, 5 keys of size 4, values of size 6
    _out, _w = _attend(_q3, _k5, _v5, False, "scaled_dot_product_attention(q (2,3,4), k (2,5,4), v (2,5,6))")
    assert _g.shape_of(_out) == (2, 3, 6) and _g.shape_of(_w) == (2, 3, 5), (
        f"for q (2, 3, 4), k (2, 5, 4), v (2, 5, 6) the output must be (2, 3, 6) and the weights "
        f"(2, 3, 5), got {_g.shape_of(_out)} and {_g.shape_of(_w)}: scores are q @ k.transpose(-2, -1)")
    _g.assert_close(_w.sum(-1), [[1.0] * 3] * 2, "each query's weights must sum to 1: take the "
                    "softmax over the keys, the last dimension (dim=-1)", rtol=1e-9, atol=1e-9)
    _g.assert_close(_w, _oracle_weights(_g.values(_q3), _g.values(_k5), False), "the weights must be "
                    "softmax(q @ k.transpose(-2, -1) / sqrt(d)), with d = q.size(-1): scale by the "
                    "square root of the head size, not of the model's width or the sequence length",
                    rtol=1e-7, atol=1e-9)
    _g.assert_close(_out, _expected_cross, "the output must be weights @ v", rtol=1e-7, atol=1e-9)

    # batches of heads (B=2, nh=3, T=6, d=4), without and with the causal mask
    _out, _w = _attend(_q, _k, _v, False, "scaled_dot_product_attention(q, k, v) on (2, 3, 6, 4)")
    _g.assert_close(_w, _oracle_weights(_g.values(_q), _g.values(_k), False), "with 4 dimensions "
                    "(batch, heads, T, d) the weights are wrong: scale by the square root of the head "
                    "size q.size(-1) (not by heads * head size, the model's width), softmax over dim=-1",
                    rtol=1e-7, atol=1e-9)
    _g.assert_close(_out, _expected[False], "the output differs from PyTorch's "
                    "scaled_dot_product_attention for (2, 3, 6, 4) inputs", rtol=1e-7, atol=1e-9)

    _out, _w = _attend(_q, _k, _v, True, "scaled_dot_product_attention(q, k, v, causal=True)")
    _wv = _g.values(_w)
    _flat = [x for b in _wv for h in b for row in h for x in row]
    assert not any(x != x for x in _flat), (
        "with causal=True some weights are nan: a row whose scores are all -inf has nothing to attend "
        "to. The mask must allow the diagonal: query i sees keys 0..i, itself included (tril)")
    _future = [row[j] for b in _wv for h in b for i, row in enumerate(h) for j in range(i + 1, len(row))]
    assert all(x == 0.0 for x in _future), (
        "with causal=True a query gives weight to keys after it: mask the future (keys j > i), keeping "
        "the lower triangle (tril), and set masked scores to -inf before the softmax so their weight "
        "is exactly 0")
    _g.assert_close(_w.sum(-1), [[[1.0] * 6] * 3] * 2, "with causal=True each row of weights must "
                    "still sum to 1: apply the mask to the scores before the softmax (zeroing weights "
                    "after the softmax leaves rows that sum to less than 1)", rtol=1e-9, atol=1e-9)
    _g.assert_close(_w, _oracle_weights(_g.values(_q), _g.values(_k), True), "with causal=True the "
                    "weights are wrong: softmax(scores / sqrt(d)) with future scores set to -inf",
                    rtol=1e-7, atol=1e-9)
    _g.assert_close(_out, _expected[True], "with causal=True the output differs from PyTorch's "
                    "scaled_dot_product_attention(..., is_causal=True)", rtol=1e-7, atol=1e-9)

    # no future leakage: changing the last two keys and values changes nothing before them
    _k2, _v2 = _k.clone(), _v.clone()
    _k2[..., 4:, :] = 50.0
    _v2[..., 4:, :] = -50.0
    _out2, _ = _attend(_q, _k2, _v2, True, "scaled_dot_product_attention(q, k, v, causal=True)")
    _first_four = [[head[:4] for head in batch] for batch in _g.values(_out)]
    _g.assert_close(_out2[..., :4, :], _first_four,
                    "the future leaks: changing the keys and values of positions 4 and 5 changed the "
                    "outputs of positions 0 to 3", rtol=1e-9, atol=1e-12)
    # dimensions of size 1 are dimensions too: a batch of one sequence, and a single query
    for _x, _y, _z, _causal, _what, _want_sdpa in _SIZE_ONE:
        _out, _w = _attend(_x, _y, _z, _causal, f"scaled_dot_product_attention({_what})")
        _want_out = (*_g.shape_of(_x)[:-1], _g.shape_of(_z)[-1])
        _want_w = (*_g.shape_of(_x)[:-1], _g.shape_of(_y)[-2])
        assert _g.shape_of(_out) == _want_out and _g.shape_of(_w) == _want_w, (
            f"for {_what} the output must have shape {_want_out} and the weights {_want_w}, got "
            f"{_g.shape_of(_out)} and {_g.shape_of(_w)}: keep every dimension, even a batch of one "
            "or a single query (don't squeeze the results)")
        _g.assert_close(_w, _oracle_weights(_g.values(_x), _g.values(_y), _causal), f"for {_what} the "
                        "weights are wrong", rtol=1e-7, atol=1e-9)
        _g.assert_close(_out, _want_sdpa,
                        f"for {_what} the output differs from PyTorch's scaled_dot_product_attention",
                        rtol=1e-7, atol=1e-9)

    for _dtype in (torch.float32, torch.float64):
        _out, _w = _attend(_q.to(_dtype), _k.to(_dtype), _v.to(_dtype), True, "attention")
        assert _out.dtype == _dtype and _w.dtype == _dtype, f"inputs in {_dtype} must give outputs in {_dtype}"
### END HIDDEN TESTS


# %% test_split_heads
from pixels_to_gpt.grading import guard

guard.check_own_function(split_heads, "split_heads")  # your own code, not the course's reference
x = torch.arange(2 * 3 * 8).view(2, 3, 8)
writes = x._version  # torch counts each tensor's in-place writes
heads = split_heads(x, 4)
print("head 1 of the first sequence:\n", heads[0, 1])
assert x.shape == (2, 3, 8) and x._version == writes, (
    "split_heads changed its input in place (such as x.resize_(...)): return a new view or tensor "
    "(x.view(...), x.transpose(...), x.reshape(...))")
assert heads.shape == (2, 4, 3, 2), "split_heads must have shape (B, n_head, T, hs): (2, 4, 3, 2) here"
assert heads[0, 1, 2].tolist() == [18, 19], ("head h must hold channels h*hs to (h+1)*hs - 1 of every "
    "token (head 1 of token 2: its channels 2 and 3): view as (B, T, n_head, hs), then transpose(1, 2)")
one = split_heads(x[:1], 4)
assert one.shape == (1, 4, 3, 2), (f"split_heads(x of shape (1, 3, 8), 4) must have shape (1, 4, 3, 2), "
                                   f"got {tuple(one.shape)}: keep every dimension, even a batch of one (don't squeeze)")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import ch04_attention as _c4, guard as _g, oracles as _o
_g.check_untampered()
_g.check_own_function(split_heads, "split_heads")
for (_B, _T, _C), _nh in (((2, 5, 12), 3), ((1, 4, 12), 4), ((3, 2, 8), 2), ((2, 6, 6), 1)):
    _x = torch.randn(_B, _T, _C, generator=torch.Generator().manual_seed(_C + _nh), dtype=torch.float64)
    _xv = _g.values(_x)
    _hs = _C // _nh
    _written = _c4.write_count(_x)
    _y = _g.call_safely(split_heads, _x, _nh, what=f"split_heads(x of shape {(_B, _T, _C)}, {_nh})")
    assert _g.shape_of(_y) == (_B, _nh, _T, _hs), (
        f"split_heads(x of shape {(_B, _T, _C)}, {_nh}) must have shape {(_B, _nh, _T, _hs)}, got "
        f"{_g.shape_of(_y)}: (B, n_head, T, C // n_head)")
    _want = [[[_xv[b][t][h * _hs:(h + 1) * _hs] for t in range(_T)] for h in range(_nh)] for b in range(_B)]
    _g.assert_close(_y, _want, f"split_heads(x of shape {(_B, _T, _C)}, {_nh}): head h must hold "
                    "channels h*hs to (h+1)*hs - 1 of every token; view as (B, T, n_head, hs), then "
                    "transpose(1, 2) (a view straight to (B, n_head, T, hs) cuts the sequence, not "
                    "the channels)", rtol=0, atol=0)
    _c4.assert_unwritten(_x, _xv, _written, "split_heads")
### END HIDDEN TESTS


# %% test_merge_heads
from pixels_to_gpt.grading import guard

guard.check_own_function(merge_heads, "merge_heads")  # your own code, not the course's reference
x = torch.arange(2 * 3 * 8).view(2, 3, 8)
heads = x.view(2, 3, 4, 2).transpose(1, 2)  # a correct split into 4 heads
writes = heads._version  # torch counts each tensor's in-place writes
merged = merge_heads(heads)
assert heads.shape == (2, 4, 3, 2), (
    "merge_heads changed its input in place (such as x.transpose_(1, 2)): use x.transpose(1, 2), "
    "which returns a new view")
assert heads._version == writes, (
    "merge_heads wrote into the tensor it was given (such as x.nan_to_num_()), even where it "
    "changed no value: return a new view or tensor")
assert merged.shape == (2, 3, 8), "(B, n_head, T, hs) = (2, 4, 3, 2) must give (2, 3, 8)"
assert torch.equal(merged, x), ("merge_heads must undo split_heads: token t must hold head 0's output, "
    "then head 1's, ...: transpose(1, 2) back to (B, T, n_head, hs) before reshaping to (B, T, C)")
# heads as attention computes them, each head's block in order in memory
heads = torch.arange(2 * 4 * 3 * 2).view(2, 4, 3, 2)
try:
    merged = merge_heads(heads)
except RuntimeError as error:
    raise AssertionError(f"merge_heads(x of shape (2, 4, 3, 2)) raised RuntimeError: {error}\nAfter "
                         "transpose(1, 2) the memory is no longer in order, so view refuses: use "
                         "reshape (or .contiguous().view)") from None
assert torch.equal(merged, heads.transpose(1, 2).reshape(2, 3, 8)), (
    "merge_heads must put the heads side by side: token t holds head 0's output, then head 1's, ...")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import ch04_attention as _c4, guard as _g, oracles as _o
_g.check_untampered()
_g.check_own_function(merge_heads, "merge_heads")
for _B, _nh, _T, _hs in ((2, 3, 5, 4), (1, 4, 3, 3), (3, 2, 4, 2), (2, 1, 6, 5)):
    _x = torch.randn(_B, _nh, _T, _hs, generator=torch.Generator().manual_seed(_T * _hs), dtype=torch.float64)
    _xv = _g.values(_x)
    _written = _c4.write_count(_x)
    _y = _g.call_safely(merge_heads, _x, what=f"merge_heads(x of shape {(_B, _nh, _T, _hs)})")
    assert _g.shape_of(_y) == (_B, _T, _nh * _hs), (
        f"merge_heads(x of shape {(_B, _nh, _T, _hs)}) must have shape {(_B, _T, _nh * _hs)}, got "
        f"{_g.shape_of(_y)}")
    _want = [[[c for h in range(_nh) for c in _xv[b][h][t]] for t in range(_T)] for b in range(_B)]
    _g.assert_close(_y, _want, f"merge_heads(x of shape {(_B, _nh, _T, _hs)}): token t must hold "
                    "head 0's output, then head 1's, ...: transpose(1, 2) back to (B, T, n_head, hs) "
                    "before reshaping to (B, T, C)", rtol=0, atol=0)
    _c4.assert_unwritten(_x, _xv, _written, "merge_heads")
### END HIDDEN TESTS
