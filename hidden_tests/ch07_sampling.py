"""The hidden tests: the test cells of solutions/ch07_sampling/sampling.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_softmax
from pixels_to_gpt.grading import guard

probs = softmax(torch.tensor([[1.0, 2.0, 3.0]]))
print("softmax([1, 2, 3]) =", probs)
assert probs.shape == (1, 3), "softmax must return a tensor of the same shape as its input"
assert probs.dtype == torch.float32, (
    f"softmax of a float32 tensor returned {probs.dtype}: keep the dtype (.to(logits.dtype))")
assert abs(probs.sum().item() - 1) < 1e-6, "the probabilities of a row must add up to 1"
assert probs[0, 2] > probs[0, 1] > probs[0, 0], "a larger logit must get a larger probability"
big = softmax(torch.tensor([[1000.0, 1001.0]]))
assert not torch.isnan(big).any(), "softmax gave nan for [1000, 1001]: subtract the row's maximum before torch.exp"

# Two rows, far apart: each is normalised on its own, and the input stays as it was.
logits = torch.tensor([[1000.0, 1001.0], [-1000.0, -999.0]])
rows = softmax(logits)
assert torch.allclose(rows, torch.tensor([[0.2689, 0.7311], [0.2689, 0.7311]]), atol=1e-4), (
    f"softmax of the rows [1000, 1001] and [-1000, -999] gave {rows.tolist()}: each row must be "
    "normalised on its own: subtract each row's own maximum (amax with dim=dim, keepdim=True) "
    "and sum each row separately")
assert torch.equal(logits, torch.tensor([[1000.0, 1001.0], [-1000.0, -999.0]])), (
    "softmax changed its input in place: compute new tensors (x - max, not x -= max)")
columns = softmax(torch.tensor([[0.0, 1.0], [0.0, 3.0]]), dim=0)
assert torch.allclose(columns.sum(dim=0), torch.ones(2)), (
    f"softmax(x, dim=0) gave {columns.tolist()}, whose columns do not add up to 1: take the "
    "maximum and the sum along `dim`, the dimension you are given")
assert softmax(torch.tensor([[0.0, float("-inf")]]))[0, 1] == 0, "a logit of -inf must get probability exactly 0"

# The rule: your own softmax, from torch.exp.
guard.check_own_function(softmax, "softmax", guard.SOFTMAX_SHORTCUTS)
with guard.forbid(guard.SOFTMAX_SHORTCUTS, "softmax may not call torch.softmax, F.softmax, "
                  "Tensor.softmax or log_softmax: compute it with torch.exp"):
    softmax(torch.tensor([[1.0, 2.0]]))
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g, oracles as _o
_g.check_untampered()
_g.check_own_function(softmax, "softmax", _g.SOFTMAX_SHORTCUTS)
with _g.forbid(_g.SOFTMAX_SHORTCUTS, "softmax may not call torch.softmax, F.softmax, "
               "Tensor.softmax or log_softmax: compute it with torch.exp"):
    _x = torch.tensor([[2.0, -1.0, 0.5], [0.0, 3.0, 1.0]])
    _before = _g.values(_x)
    _g.call_safely(softmax, _x, what="softmax(x)")
    assert _g.values(_x) == _before, ("softmax changed its input in place: compute new tensors "
                                      "(x - max, not x -= max)")
    for _row in ([1000.0, 1001.0], [-1000.0, -999.0], [88.0, 89.5, 90.0], [0.0, 0.0, 0.0]):
        _p = _g.call_safely(softmax, torch.tensor([_row]), what=f"softmax([{_row}])")
        _g.assert_close(_p, [_o.softmax_row(_row)], f"softmax returned wrong probabilities for "
                        f"logits {_row}: subtract the row's maximum before torch.exp "
                        "(exp(1000.) overflows to inf, and inf/inf is nan)", rtol=1e-3)
    _p = _g.call_safely(softmax, torch.tensor([[0.0, float("-inf"), 1.0]]), what="softmax with -inf")
    assert _g.values(_p)[0][1] == 0.0, ("a logit of -inf must get probability exactly 0 "
                                          f"(got {_g.values(_p)[0][1]})")
    _g.assert_close(_p, [_o.softmax_row([0.0, float("-inf"), 1.0])], "softmax is wrong when a row holds -inf")
    _rows = [[1000.0, 1001.0], [-1000.0, -999.0]]
    _p = _g.call_safely(softmax, torch.tensor(_rows), what="softmax of two rows")
    _g.assert_close(_p, [_o.softmax_row(r) for r in _rows], "each row must be normalised on "
                    "its own: subtract each row's own maximum (amax with dim=dim, keepdim=True),"
                    " not the maximum of the whole tensor, and sum each row separately", rtol=1e-3)
    _gen = torch.Generator().manual_seed(7)
    _x = torch.randn(2, 3, 4, generator=_gen, dtype=torch.float64) * 5
    _before = _g.values(_x)
    for _dim in (0, 1, 2, -1, -2):
        _p = _g.call_safely(softmax, _x, dim=_dim, what=f"softmax(x, dim={_dim}) of a 2x3x4 tensor")
        assert _g.shape_of(_p) == (2, 3, 4), (f"softmax(x, dim={_dim}) changed the shape to "
                                             f"{_g.shape_of(_p)}: keep the input's shape (keepdim=True)")
        _g.assert_close(_p, _o.softmax_along(_before, _dim), f"softmax(x, dim={_dim}) is wrong "
                        "for a 2x3x4 tensor: take the maximum and the sum along `dim`, the "
                        "dimension you are given", rtol=1e-9, atol=1e-12)
    assert _g.values(_x) == _before, "softmax changed its input in place: compute a new tensor"
    for _dtype in (torch.float32, torch.float64):
        _p = _g.call_safely(softmax, torch.tensor([[0.5, 1.5]], dtype=_dtype), what="softmax")
        assert _p.dtype == _dtype, f"softmax of a {_dtype} tensor returned {_p.dtype}: keep the dtype"
### END HIDDEN TESTS


# %% test_apply_temperature
logits = torch.tensor([2.0, 1.0])
scaled = apply_temperature(logits, 0.5)
print("logits [2, 1] at temperature 0.5:", scaled)
assert torch.equal(scaled, torch.tensor([4.0, 2.0])), "divide the logits by the temperature"
assert torch.equal(logits, torch.tensor([2.0, 1.0])), (
    "apply_temperature changed its input in place: return a new tensor, logits / temperature "
    "(not logits /= temperature)")
try:
    apply_temperature(torch.tensor([2.0, 1.0]), -1.0)
except ValueError as error:
    print("a negative temperature is refused:", error)
else:
    raise AssertionError("a negative temperature must raise ValueError")
try:
    apply_temperature(torch.tensor([2.0, 1.0]), 0)
except ValueError:
    pass
else:
    raise AssertionError("temperature 0 must raise ValueError: only temperatures greater than 0 "
                         "make sense (check `temperature <= 0`, 0 included)")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g, oracles as _o
_g.check_untampered()
_g.check_own_function(apply_temperature, "apply_temperature")
_x = torch.tensor([[3.0, -1.0, 0.5], [10.0, 2.0, -4.0]])
_before = _g.values(_x)
for _t in (0.1, 0.7, 1.0, 2.5, 10.0):
    _y = _g.call_safely(apply_temperature, _x, _t, what=f"apply_temperature(x, {_t})")
    _g.assert_close(_y, [[v / _t for v in r] for r in _before], f"apply_temperature(x, {_t}) is "
                    "wrong: divide the logits by the temperature (a low temperature sharpens)")
    assert _y is not _x, ("apply_temperature must return a new tensor (logits / temperature), "
                          "not change its input in place")
assert _g.values(_x) == _before, "apply_temperature changed its input in place: use logits / t"
for _t in (0, 0.0, -1.0, -1e-9):
    try:
        apply_temperature(_x, _t)
    except ValueError:
        pass
    except Exception as _e:
        raise AssertionError(f"temperature {_t} must raise ValueError, not {type(_e).__name__}")
    else:
        raise AssertionError(f"temperature {_t} must raise ValueError: only temperatures "
                             "greater than 0 make sense (check `temperature <= 0`, 0 included)")
### END HIDDEN TESTS


# %% test_top_k_filter
kept = top_k_filter(torch.tensor([[1.0, 3.0, 2.0, 5.0]]), 2)
print("top-2 of [1, 3, 2, 5]:", kept)
inf = float("inf")
assert kept[0, 0].item() == -inf, ("filtered logits must be exactly float('-inf'): not 0, not "
                                   "a large negative number such as -1e9 (only -inf gives "
                                   "probability exactly 0)")
assert torch.equal(kept, torch.tensor([[-inf, 3.0, -inf, 5.0]])), (
    "top_k_filter(x, 2) kept the wrong entries: keep the 2 largest of each row, -inf elsewhere")

# Two rows on different scales: each row has its own k-th largest.
logits = torch.tensor([[1.0, 3.0, 2.0, 5.0], [10.0, 30.0, 20.0, 50.0]])
kept = top_k_filter(logits, 2)
assert torch.equal(kept, torch.tensor([[-inf, 3.0, -inf, 5.0], [-inf, 30.0, -inf, 50.0]])), (
    f"top_k_filter(x, 2) of two rows kept the wrong entries: {kept.tolist()}: compare each row "
    "with its own k-th largest (along the last dim), not with the whole batch's")
assert torch.equal(logits, torch.tensor([[1.0, 3.0, 2.0, 5.0], [10.0, 30.0, 20.0, 50.0]])), (
    "top_k_filter changed its input in place: use masked_fill, not masked_fill_")
ties = top_k_filter(torch.tensor([[4.0, 3.0, 3.0, 1.0]]), 2)
assert torch.equal(ties, torch.tensor([[4.0, 3.0, 3.0, -inf]])), (
    f"top_k_filter([4, 3, 3, 1], 2) gave {ties.tolist()}: the second 3 equals the 2nd largest, a "
    "tie that must be kept (keep x >= k-th largest, rather than exactly k indices)")
try:
    everything = top_k_filter(torch.tensor([[1.0, 3.0, 2.0, 5.0]]), 10)
except Exception as error:
    raise AssertionError(f"top_k_filter(x, 10) raised {type(error).__name__}: with k at or above "
                         "the row length (4 here), return the logits unchanged (torch.topk fails "
                         "for k larger than the row: check first)") from error
assert torch.equal(everything, torch.tensor([[1.0, 3.0, 2.0, 5.0]])), (
    "with k=10 >= the row length (4), return the logits unchanged")
try:
    top_k_filter(torch.tensor([[1.0, 3.0, 2.0, 5.0]]), 0)
except ValueError:
    pass
else:
    raise AssertionError("k=0 must raise ValueError: top-k needs k >= 1")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import ch07_sampling as _c7, guard as _g
_g.check_untampered()
_g.check_own_function(top_k_filter, "top_k_filter")
_gen = torch.Generator().manual_seed(3)
_x = torch.randn(3, 10, generator=_gen)
_x[1] *= 100  # rows on very different scales: each row has its own k-th largest
_before = _g.values(_x)
_g.call_safely(top_k_filter, _x, 3, what="top_k_filter(x, 3)")
assert _g.values(_x) == _before, "top_k_filter changed its input in place: use masked_fill, not masked_fill_"
for _k in (1, 3, 7):
    _y = _g.call_safely(top_k_filter, _x, _k, what=f"top_k_filter(x, {_k})")
    _want = [_c7.top_k_row(r, _k) for r in _before]
    _g.assert_filtered_exactly(_y, _want, f"top_k_filter(x, {_k})")
    _g.assert_close(_y, _want, f"top_k_filter(x, k={_k}) kept the wrong entries: keep each "
                    "row's k largest (compare with the k-th largest of that row, along the "
                    "last dim), set the others to float('-inf')")
assert _g.values(_x) == _before, "top_k_filter changed its input in place: use masked_fill, not masked_fill_"
for _row, _k in (([4.0, 3.0, 3.0, 1.0], 2), ([5.0, 5.0, 1.0], 1), ([1.0, 3.0, 3.0, 2.0], 2)):
    _y = _g.call_safely(top_k_filter, torch.tensor([_row]), _k, what=f"top_k_filter({_row}, {_k})")
    _g.assert_close(_y, [_c7.top_k_row(_row, _k)], f"top_k_filter({_row}, k={_k}) is wrong: an "
                    "entry equal to the k-th largest is a tie and must be kept (keep x >= "
                    "k-th largest, rather than exactly k indices)")
for _k in (10, 15):
    _y = _g.call_safely(top_k_filter, _x, _k, what=f"top_k_filter(x, {_k}) with k >= row length")
    _g.assert_close(_y, _before, f"with k={_k} >= the row length (10), return the logits "
                    "unchanged (torch.topk fails for k larger than the row: check first)")
for _k in (0, -1):
    try:
        top_k_filter(_x, _k)
    except ValueError:
        pass
    except Exception as _e:
        raise AssertionError(f"k={_k} must raise ValueError, not {type(_e).__name__}")
    else:
        raise AssertionError(f"k={_k} must raise ValueError: top-k needs k >= 1")
### END HIDDEN TESTS


# %% test_top_p_filter
from pixels_to_gpt import sampling as reference
from pixels_to_gpt.grading.guard import using_reference

# Your top_p_filter runs with the course's softmax, so a mistake there costs points only above.
with using_reference(globals(), reference, "softmax"):
    # probabilities of these logits: 0.64, 0.24, 0.09, 0.03
    kept = top_p_filter(torch.tensor([[3.0, 2.0, 1.0, 0.0]]), 0.8)
    print("nucleus 0.8 of [3, 2, 1, 0]:", kept)
    inf = float("inf")
    assert torch.equal(kept, torch.tensor([[3.0, 2.0, -inf, -inf]])), (
        "top_p_filter(x, 0.8) kept the wrong tokens: 0.64 + 0.24 >= 0.8, so keep the two most "
        "likely (the token that crosses p is kept) and set the rest to float('-inf')")
    sure = top_p_filter(torch.tensor([[10.0, 0.0, 0.0]]), 0.01)
    assert torch.equal(sure, torch.tensor([[10.0, -inf, -inf]])), (
        f"top_p_filter([10, 0, 0], 0.01) gave {sure.tolist()}: the most likely token is always "
        "kept, even when its probability alone exceeds p")
    shuffled = top_p_filter(torch.tensor([[0.0, 9.0, 1.0, 2.0]]), 0.5)
    assert torch.equal(shuffled, torch.tensor([[-inf, 9.0, -inf, -inf]])), (
        f"top_p_filter([0, 9, 1, 2], 0.5) gave {shuffled.tolist()}: keep the most likely token "
        "(9) where it is: put the mask computed on the sorted logits back into vocabulary order "
        "(scatter)")
    for bad in (0, 1.5):
        try:
            top_p_filter(torch.tensor([[3.0, 2.0, 1.0, 0.0]]), bad)
        except ValueError:
            pass
        else:
            raise AssertionError(f"p={bad} must raise ValueError: p must be in (0, 1]")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import ch07_sampling as _c7, guard as _g
from pixels_to_gpt import sampling as _ref
_g.check_untampered()
_g.check_own_function(top_p_filter, "top_p_filter", graded_elsewhere=["softmax"])
_gen = torch.Generator().manual_seed(11)
_x = torch.randn(4, 12, generator=_gen) * 2
_x[2] = _x[2] * 0.1  # a hesitant row: many tokens needed
_before = _g.values(_x)
with _g.replaced(top_p_filter.__globals__, "softmax", _ref.softmax):
    _y = _g.call_safely(top_p_filter, _x, 0.5, what="top_p_filter(x, 0.5)")
    assert _g.values(_x) == _before, "top_p_filter changed its input in place"
    _row = [10.0, 0.0, 0.0]
    _y = _g.call_safely(top_p_filter, torch.tensor([_row]), 0.01, what=f"top_p_filter({_row}, 0.01)")
    _g.assert_close(_y, [_c7.top_p_row(_row, 0.01)], f"top_p_filter({_row}, 0.01) must keep "
                    "exactly the most likely token: it is always kept, even when its "
                    "probability alone exceeds p")
    _row = [0.0, 9.0, 1.0, 2.0]
    _y = _g.call_safely(top_p_filter, torch.tensor([_row]), 0.01, what=f"top_p_filter({_row}, 0.01)")
    _g.assert_close(_y, [_c7.top_p_row(_row, 0.01)], f"top_p_filter({_row}, 0.01) must keep only "
                    "the most likely token at its own position (index 1): put the mask computed "
                    "on the sorted logits back into vocabulary order (scatter)")
    for _p in (0.05, 0.3, 0.62, 0.9, 0.97):
        if min(_c7.top_p_margin(r, _p) for r in _before) < 1e-4:
            continue  # p too close to a cumulative sum: float rounding could go either way
        _y = _g.call_safely(top_p_filter, _x, _p, what=f"top_p_filter(x, {_p})")
        _g.assert_filtered_exactly(_y, [_c7.top_p_row(r, _p) for r in _before], f"top_p_filter(x, {_p})")
        _g.assert_close(_y, [_c7.top_p_row(r, _p) for r in _before], f"top_p_filter(x, p={_p}) "
                        "kept the wrong tokens: keep the most likely tokens, in order, until "
                        "their probabilities add up to at least p (the token that crosses p "
                        "is kept; each row on its own; positions in vocabulary order)")
    _row = [1.0, float("-inf"), 0.5, 2.0]
    _y = _g.call_safely(top_p_filter, torch.tensor([_row]), 1.0, what="top_p_filter(x, 1.0)")
    _g.assert_close(_y, [_row], "p = 1 must keep every token (return the logits unchanged)")
    for _p in (0, 0.0, -0.1, 1.5):
        try:
            top_p_filter(_x, _p)
        except ValueError:
            pass
        except Exception as _e:
            raise AssertionError(f"p={_p} must raise ValueError, not {type(_e).__name__}")
        else:
            raise AssertionError(f"p={_p} must raise ValueError: p must be in (0, 1]")
### END HIDDEN TESTS


# %% test_sample_next_token
from pixels_to_gpt import sampling as reference
from pixels_to_gpt.grading import guard
from pixels_to_gpt.grading.guard import using_reference


def frequencies(ids, vocab):
    """How often each token id was drawn, as fractions of all draws."""
    return [round(f, 3) for f in (torch.bincount(ids[:, 0], minlength=vocab) / len(ids)).tolist()]


def about(drawn, expected):
    return all(abs(d - e) < 0.05 for d, e in zip(drawn, expected))


guard.check_untampered()  # torch's functions (torch.multinomial...) must be torch's own

# Each function is graded on its own: here your sample_next_token runs with the course's
# softmax, apply_temperature and filters, so a mistake in those costs points only above.
# (And it must turn logits into probabilities with softmax, not with torch.softmax.)
with using_reference(globals(), reference, "softmax", "apply_temperature", "top_k_filter", "top_p_filter"), \
        guard.forbid(guard.SOFTMAX_SHORTCUTS, "turn the logits into probabilities with your own "
                     "softmax, not torch.softmax (or F.softmax, Tensor.softmax)"):
    logits = torch.tensor([[0.1, 2.0, 0.3], [1.5, 0.2, 0.1]])
    greedy = sample_next_token(logits, temperature=0)
    print("greedy choice:", greedy)
    assert greedy.shape == (2, 1), f"return one id per row, shape (batch, 1), not {tuple(greedy.shape)}"
    assert torch.equal(greedy, torch.tensor([[1], [0]])), "temperature 0 must pick the argmax of each row"

    # 2000 rows of the same logits: the draws show the distribution they come from.
    probs = [0.5, 0.3, 0.15, 0.05]
    many = torch.tensor(probs).log().repeat(2000, 1)
    torch.manual_seed(1)
    first = sample_next_token(many, generator=torch.Generator().manual_seed(42))
    torch.manual_seed(2)
    again = sample_next_token(many, generator=torch.Generator().manual_seed(42))
    assert first.shape == (2000, 1) and first.dtype == torch.long, "return ids of shape (batch, 1), dtype long"
    assert torch.equal(first, again), (
        "the same seed must give the same tokens, whatever the global seed: pass "
        "generator=generator on to torch.multinomial")
    drawn = frequencies(first, 4)
    print("drawn from", probs, ":", drawn)
    assert about(drawn, probs), (
        f"drawn {drawn} from probabilities {probs}: tokens must be drawn in proportion to their "
        "probabilities (torch.multinomial on the softmax), not always the most likely one")
    drawn = frequencies(sample_next_token(many, top_k=2, generator=torch.Generator().manual_seed(0)), 4)
    assert about(drawn, [0.625, 0.375, 0.0, 0.0]) and drawn[2] == drawn[3] == 0, (
        f"with top_k=2 drawn {drawn}, expected about [0.625, 0.375, 0, 0]: top_k=2 keeps the two "
        "most likely tokens and draws them in proportion to their probabilities (0.5 : 0.3), not "
        "uniformly, and never draws a filtered token")
    # probabilities 0.67, 0.24, 0.09; at temperature 0.5 they become 0.87, 0.12, 0.02
    drawn = frequencies(sample_next_token(torch.tensor([[2.0, 1.0, 0.0]]).repeat(500, 1),
                                          temperature=0.5, top_p=0.8,
                                          generator=torch.Generator().manual_seed(0)), 3)
    assert drawn == [1.0, 0.0, 0.0], (
        f"at temperature 0.5 with top_p=0.8 drawn {drawn}, expected only the first token: apply "
        "the temperature before top-p: the nucleus is taken from the tempered distribution")
    # top-k 2 of [0.4, 0.3, 0.2, 0.1] renormalised is [0.57, 0.43]: the nucleus 0.5 is the first
    drawn = frequencies(sample_next_token(torch.tensor([0.4, 0.3, 0.2, 0.1]).log().repeat(500, 1),
                                          top_k=2, top_p=0.5,
                                          generator=torch.Generator().manual_seed(0)), 4)
    assert drawn == [1.0, 0.0, 0.0, 0.0], (
        f"with top_k=2 and top_p=0.5 drawn {drawn}, expected only the first token: apply top-k "
        "before top-p: top-p then works on the renormalised top-k distribution")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g, oracles as _o
import math as _math
from pixels_to_gpt import sampling as _ref
_g.check_untampered()
_g.check_own_function(sample_next_token, "sample_next_token",
                      graded_elsewhere=["softmax", "apply_temperature", "top_k_filter", "top_p_filter"])
_ns = sample_next_token.__globals__
_softmax_calls = []
def _spy_softmax(*a, **k):
    _softmax_calls.append(1)
    return _ref.softmax(*a, **k)
_draws = []
_real_multinomial = torch._C._VariableFunctions.multinomial
def _spy_multinomial(*a, **k):
    _draws.append(k.get("generator"))  # generator is keyword-only in torch.multinomial
    return _real_multinomial(*a, **k)
def _spy_tensor_multinomial(self, *a, **k):
    return _spy_multinomial(self, *a, **k)
def _frequencies(probs, n=20000, **kw):
    _logits = torch.tensor([[_math.log(q) if q > 0 else float("-inf") for q in probs]]).repeat(n, 1)
    _ids = _g.call_safely(sample_next_token, _logits, generator=torch.Generator().manual_seed(0),
                          what="sample_next_token", **kw)
    assert _g.shape_of(_ids) == (n, 1), f"sample_next_token must return shape (batch, 1), got {_g.shape_of(_ids)}"
    _counts = [0] * len(probs)
    for (_i,) in _g.values(_ids):
        _counts[_i] += 1
    return [c / n for c in _counts]
def _expect(freq, want, message):
    assert all(abs(f - w) < 0.02 for f, w in zip(freq, want)), (
        f"{message}\n  drawn:    {[round(f, 3) for f in freq]}\n  expected: {[round(w, 3) for w in want]}")

with _g.replaced(_ns, "softmax", _spy_softmax), \
        _g.replaced(_ns, "apply_temperature", _ref.apply_temperature), \
        _g.replaced(_ns, "top_k_filter", _ref.top_k_filter), \
        _g.replaced(_ns, "top_p_filter", _ref.top_p_filter), \
        _g.patched(torch, "multinomial", _spy_multinomial), \
        _g.patched(torch.Tensor, "multinomial", _spy_tensor_multinomial):
    _x = torch.tensor([[0.1, 2.0, 0.3, -1.0], [3.0, 0.2, 0.1, 2.9], [-5.0, -4.0, -6.0, -4.5]])
    _before = _g.values(_x)
    _ids = _g.call_safely(sample_next_token, _x, temperature=0, what="sample_next_token(x, temperature=0)")
    assert _g.values(_ids) == [[1], [0], [1]], ("temperature 0 must be greedy: the argmax of each "
                                               f"row, as shape (batch, 1); got {_g.values(_ids)}")
    _ids = _g.call_safely(sample_next_token, _x, what="sample_next_token(x)")
    assert _g.shape_of(_ids) == (3, 1), f"return one id per row, shape (batch, 1): got {_g.shape_of(_ids)}"
    assert _ids.dtype == torch.long, f"token ids must be torch.long, got {_ids.dtype}"
    assert _g.values(_x) == _before, "sample_next_token changed the logits in place"

    _p = [0.5, 0.3, 0.15, 0.05]
    _draws.clear(); _softmax_calls.clear()
    _expect(_frequencies(_p), _p, "tokens must be drawn in proportion to their probabilities "
            "(torch.multinomial on the softmax), not always the most likely one")
    assert _draws, "draw the token with torch.multinomial(probs, num_samples=1, generator=generator)"
    assert all(d is not None for d in _draws), ("pass generator=generator on to torch.multinomial:"
                                               " without it a seed does not reproduce the text")
    assert _softmax_calls, "turn the logits into probabilities with your own softmax"
    _tempered = [q ** 0.5 for q in _p]
    _expect(_frequencies(_p, temperature=2.0), [q / sum(_tempered) for q in _tempered],
            "temperature 2 must flatten the distribution: divide the logits by the temperature "
            "before the softmax")
    _expect(_frequencies(_p, top_k=2), [0.625, 0.375, 0.0, 0.0], "top_k=2 keeps the two most "
            "likely tokens and draws them in proportion to their probabilities (0.5 : 0.3), "
            "not uniformly, and never draws a filtered token")
    # temperature before top-p: at T=0.5 the top token holds 0.87, so the nucleus 0.8 is it alone
    _e = [_math.exp(v) for v in (2.0, 1.0, 0.0)]
    _expect(_frequencies([v / sum(_e) for v in _e], temperature=0.5, top_p=0.8), [1.0, 0.0, 0.0],
            "apply the temperature before top-p: the nucleus is taken from the tempered distribution")
    _expect(_frequencies([0.4, 0.3, 0.2, 0.1], top_k=2, top_p=0.5), [1.0, 0.0, 0.0, 0.0],
            "apply top-k before top-p: top-p then works on the renormalised top-k distribution")

    torch.manual_seed(1)
    _a = _g.call_safely(sample_next_token, _x.repeat(50, 1), generator=torch.Generator().manual_seed(5), what="sample_next_token")
    torch.manual_seed(2)
    _b = _g.call_safely(sample_next_token, _x.repeat(50, 1), generator=torch.Generator().manual_seed(5), what="sample_next_token")
    assert _g.values(_a) == _g.values(_b), ("the same generator seed must give the same tokens "
                                          "whatever the global seed: pass the generator on")
    try:
        sample_next_token(_x, temperature=-1.0)
    except ValueError:
        pass
    else:
        raise AssertionError("a negative temperature must raise ValueError (apply_temperature does)")
### END HIDDEN TESTS


# %% test_generate
class CountingModel(torch.nn.Module):
    """A toy 'language model' over 10 tokens: after token t it is sure that t + 1 follows.

    It notes what it was given, whether it was in training mode and whether gradients were on.
    """

    def __init__(self):
        super().__init__()
        self.seen, self.in_training, self.with_gradients = [], [], []

    def forward(self, idx):
        self.seen.append(idx.tolist())
        self.in_training.append(self.training)
        self.with_gradients.append(torch.is_grad_enabled())
        return torch.nn.functional.one_hot((idx + 1) % 10, 10).float() * 100


class UnsureModel(torch.nn.Module):
    """A toy model that finds all 10 tokens equally likely, whatever came before."""

    def forward(self, idx):
        return torch.zeros(idx.shape[0], idx.shape[1], 10)


from pixels_to_gpt import sampling as reference
from pixels_to_gpt.grading.guard import using_reference

# Your generate runs with the course's sample_next_token, so a mistake there costs points once.
with using_reference(globals(), reference, "sample_next_token"):
    model = CountingModel()
    out = generate(model, torch.tensor([[1, 2]]), max_new_tokens=3, context_size=8)
    print("1, 2 continued:", out)
    assert out.shape == (1, 5), f"2 tokens + 3 new ones must give shape (1, 5), not {tuple(out.shape)}: append one token per step"
    assert torch.equal(out, torch.tensor([[1, 2, 3, 4, 5]])), (
        "after 1, 2 this model always predicts the next number: use the logits of the last position, "
        "logits[:, -1, :], to choose each token")
    assert not any(model.in_training), "run the model in evaluation mode: call model.eval() first"
    assert not any(model.with_gradients), "run the model without gradients: wrap the loop in torch.no_grad()"

    model = CountingModel()
    generate(model, torch.tensor([[1, 2, 3, 4, 5]]), max_new_tokens=3, context_size=4)
    assert model.seen == [[[2, 3, 4, 5]], [[3, 4, 5, 6]], [[4, 5, 6, 7]]], (
        f"with context_size=4 the model saw {model.seen}, expected [[2, 3, 4, 5]], then "
        "[[3, 4, 5, 6]], then [[4, 5, 6, 7]]: feed it only the last context_size tokens, "
        "idx[:, -context_size:]")

    torch.manual_seed(1)
    first = generate(UnsureModel(), torch.tensor([[0]]), 8, 8, generator=torch.Generator().manual_seed(0))
    torch.manual_seed(2)
    again = generate(UnsureModel(), torch.tensor([[0]]), 8, 8, generator=torch.Generator().manual_seed(0))
    print("8 tokens from a model that finds all equally likely:", first)
    assert torch.equal(first, again), (
        "the same generator seed must give the same text, whatever the global seed: pass "
        "temperature, top_k, top_p and generator on to sample_next_token")
    assert len(set(first[0, 1:].tolist())) > 1, (
        f"a model that finds all 10 tokens equally likely gave {first[0, 1:].tolist()}: at "
        "temperature 1 generate must sample, not always take the most likely token: pass "
        "temperature, top_k, top_p and generator on to sample_next_token")

    out = generate(CountingModel(), torch.tensor([[6], [3]]), max_new_tokens=10, context_size=8, eos_id=9)
    print("6 and 3 continued up to eos_id=9:", out)
    assert torch.equal(out, torch.tensor([[6, 7, 8, 9, 9, 9, 9], [3, 4, 5, 6, 7, 8, 9]])), (
        f"with eos_id=9 generate returned {out.tolist()}, expected [[6, 7, 8, 9, 9, 9, 9], "
        "[3, 4, 5, 6, 7, 8, 9]]: keep the eos token; a row that produced eos_id is finished, so "
        "everything after it must be eos_id; stop once every row is finished")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g, oracles as _o
import inspect as _inspect
from pixels_to_gpt import sampling as _ref
_g.check_untampered()
_g.check_own_function(generate, "generate", graded_elsewhere=["sample_next_token"])

class _Recorder(torch.nn.Module):
    """After token t comes (t + 1) % 10 for sure; records how it is called."""
    def __init__(self):
        super().__init__()
        self.inputs, self.modes, self.grads = [], [], []
    def forward(self, idx):
        self.inputs.append(_g.values(idx))
        self.modes.append(self.training)
        self.grads.append(torch.is_grad_enabled())
        return torch.nn.functional.one_hot((idx + 1) % 10, 10).float() * 100

_sig = _inspect.signature(_ref.sample_next_token)
_calls = []
def _spy_sample(*a, **k):
    _calls.append(_sig.bind(*a, **k).arguments)
    return _ref.sample_next_token(*a, **k)

with _g.replaced(generate.__globals__, "sample_next_token", _spy_sample):
    _m = _Recorder()
    _m.train()
    _idx = torch.tensor([[0, 1, 2, 3, 4, 5], [5, 6, 7, 8, 9, 0]])
    _before = _g.values(_idx)
    _out = _g.call_safely(generate, _m, _idx, 3, 4, what="generate(model, idx, 3, context_size=4)")
    assert _calls, "choose each token with your sample_next_token"
    assert _g.values(_idx) == _before, "generate changed idx in place: build a new tensor with torch.cat"
    assert _g.shape_of(_out) == (2, 9), (f"3 new tokens on 2 rows of 6 must give shape (2, 9), got "
                                         f"{_g.shape_of(_out)}: append exactly one token per step")
    assert len(_m.inputs) == 3, f"call the model once per new token (3), not {len(_m.inputs)} times"
    _seq = [list(r) for r in _before]
    _prefixes = []
    for _step in range(3):
        _prefixes.append([r[-4:] for r in _seq])
        _seq = [r + [(r[-1] + 1) % 10] for r in _seq]
    assert _g.values(_out) == _seq, (f"generate returned {_g.values(_out)}, expected {_seq}: use "
                                     "the logits of the last position, logits[:, -1, :]")
    for _step, (_seen, _want) in enumerate(zip(_m.inputs, _prefixes)):
        assert _seen == _want, (f"step {_step + 1}: the model saw {_seen}, expected the last "
                                f"context_size=4 tokens {_want}: feed it idx[:, -context_size:]")
    assert not any(_m.modes), "run the model in evaluation mode: call model.eval() first"
    assert not any(_m.grads), "run the model without gradients: wrap the loop in torch.no_grad()"

    _calls.clear()
    _gen = torch.Generator().manual_seed(0)
    _g.call_safely(generate, _Recorder(), torch.tensor([[1]]), 2, 8, temperature=0.7, top_k=3,
                   top_p=0.9, generator=_gen, what="generate(..., temperature=0.7, top_k=3, top_p=0.9)")
    for _c in _calls:
        _got = {k: _c.get(k, _sig.parameters[k].default) for k in ("temperature", "top_k", "top_p", "generator")}
        assert _got == {"temperature": 0.7, "top_k": 3, "top_p": 0.9, "generator": _gen}, (
            f"sample_next_token was called with {_got}: pass temperature, top_k, top_p and "
            "generator on to it")

    _m = _Recorder()
    _out = _g.call_safely(generate, _m, torch.tensor([[6], [3]]), 10, 8, eos_id=9, what="generate(..., eos_id=9)")
    _want = [[6, 7, 8, 9, 9, 9, 9], [3, 4, 5, 6, 7, 8, 9]]
    _got = _g.values(_out)
    assert _got[0][3:] == [9] * (len(_got[0]) - 3), (f"with eos_id=9 generate returned "
        f"{_got}: a row that produced eos_id is finished, so everything after it must be eos_id")
    assert _got == _want, (f"with eos_id=9 generate returned {_got}, expected {_want}: keep the "
                           "eos token, pad finished rows with eos_id, and stop once every row "
                           "is finished")
    assert len(_m.inputs) == 6, (f"the model was called {len(_m.inputs)} times: stop as soon as "
                                 "every row is finished (6 steps here)")
    _m = _Recorder()
    _out = _g.call_safely(generate, _m, torch.tensor([[7]]), 5, 8, what="generate without eos_id")
    assert _g.values(_out) == [[7, 8, 9, 0, 1, 2]], "without eos_id, generate all max_new_tokens tokens"
### END HIDDEN TESTS
