"""The hidden tests: the test cells of solutions/ch06_training/training.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_get_batch
from pixels_to_gpt.grading import guard

data = torch.arange(100, 120)  # token ids 100, 101, ..., 119: each tells its own position
x, y = get_batch(data, block_size=4, batch_size=3, generator=torch.Generator().manual_seed(0))
print("x =", x, "\ny =", y, sep="\n")
assert x.shape == (3, 4) and y.shape == (3, 4), "x and y must have shape (batch_size, block_size)"
assert torch.equal(y, x + 1), "y must be x shifted by one: here every id is followed by id + 1"
x2, y2 = get_batch(data, 4, 3, generator=torch.Generator().manual_seed(0))
assert torch.equal(x, x2), "the same seed must give the same batch: pass generator=generator to torch.randint"
x32, y32 = get_batch(data.to(torch.int32), 4, 3, generator=torch.Generator().manual_seed(0))
assert x.dtype == y.dtype == torch.long and x32.dtype == y32.dtype == torch.int32, (
    f"x and y must keep the dtype of data: for torch.long data got {x.dtype}, for torch.int32 "
    f"data got {x32.dtype} (slice data, or make new tensors with dtype=data.dtype)")
one, _ = get_batch(data, 4, 1, generator=torch.Generator().manual_seed(0))
assert one.shape == (1, 4), (f"a batch of one window must have shape (1, 4), not {tuple(one.shape)}: "
                             ".squeeze() drops every dimension of size 1, so don't use it here")

# 2000 windows of these 20 tokens: the 16 windows that fit start at 0, 1, ..., 15.
try:
    x, y = get_batch(data, 4, 2000, generator=torch.Generator().manual_seed(1))
except Exception as error:
    raise AssertionError(f"get_batch(data, 4, 2000) raised {type(error).__name__}: {error}. Every "
                         "window, y included, must fit inside data: starts go from 0 to "
                         "len(data) - block_size - 1") from error
starts = (x[:, 0] - 100).tolist()
assert len(set(starts)) > 1, "every row of the batch needs its own random start (draw batch_size starts)"
assert min(starts) >= 0 and max(starts) <= 15, "windows must lie inside data"
assert 0 in starts, "in 2000 draws the window starting at 0 never came: starts go from 0"
assert 15 in starts, ("in 2000 draws the last possible window (start len(data) - block_size - 1 = "
                      "15) never came: draw starts with torch.randint(len(data) - block_size, ...), "
                      "whose upper bound is excluded")
other, _ = get_batch(data, 4, 2000, generator=torch.Generator().manual_seed(2))
assert not torch.equal(x, other), ("different generator seeds gave the same batch: the starts must "
                                   "be random, drawn with torch.randint(..., generator=generator)")
torch.manual_seed(11)
a, _ = get_batch(data, 4, 50)
torch.manual_seed(12)
b, _ = get_batch(data, 4, 50)
assert not torch.equal(a, b), (
    "with generator=None, two different global seeds (torch.manual_seed) gave the same batch: "
    "without a generator the starts must come from torch's global generator, so pass "
    "generator=generator to torch.randint as it is (None included) instead of making a "
    "generator of your own")

# The rule: your own get_batch.
guard.check_own_function(get_batch, "get_batch")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
_g.check_untampered()
_g.check_own_function(get_batch, "get_batch")

def _batch(data, block_size, batch_size, seed, what):
    try:
        return get_batch(data, block_size, batch_size, generator=torch.Generator().manual_seed(seed))
    except _g.GradingError:
        raise
    except NotImplementedError:
        raise AssertionError(f"{what}: not implemented yet (the cell still raises NotImplementedError)")
    except Exception as _e:
        raise AssertionError(f"{what} raised {type(_e).__name__}: {_e}. Every window, y "
                             "included, must fit inside data: starts go from 0 to "
                             "len(data) - block_size - 1") from None

_N, _T, _B = 50, 8, 4000
_data = torch.arange(_N) + 100
_before = _g.values(_data)
_out = _batch(_data, _T, _B, 1, f"get_batch(data of {_N} tokens, block_size={_T}, batch_size={_B})")
assert isinstance(_out, tuple) and len(_out) == 2, "get_batch must return a pair (x, y)"
_x, _y = _out
assert _g.shape_of(_x) == (_B, _T) and _g.shape_of(_y) == (_B, _T), (
    f"x and y must have shape (batch_size, block_size) = ({_B}, {_T}); got {_g.shape_of(_x)} "
    f"and {_g.shape_of(_y)}")
assert _x.dtype == _data.dtype and _y.dtype == _data.dtype, (
    f"x and y must keep the dtype of data ({_data.dtype}), got {_x.dtype} and {_y.dtype}: "
    "token ids are integers (an embedding needs torch.long)")
assert _g.values(_data) == _before, "get_batch changed data in place"
_xs, _ys = _g.values(_x), _g.values(_y)
for _row_x, _row_y in zip(_xs, _ys):
    assert all(b - a == 1 for a, b in zip(_row_x, _row_x[1:])), (
        f"a row of x is {_row_x}, which is not a window of consecutive tokens of data: take "
        "data[s : s + block_size]")
    assert [v - 1 for v in _row_y] == _row_x, (
        f"x row {_row_x} has y row {_row_y}: y must be x shifted by one, "
        "y = data[s + 1 : s + 1 + block_size], so that y[t] is the token after x[t]")
_starts = [r[0] - 100 for r in _xs]
assert len(set(_starts)) > 1, "every row of the batch needs its own random start (draw batch_size starts)"
_counts = [_starts.count(s) for s in range(_N - _T)]
assert min(_starts) >= 0 and max(_starts) <= _N - _T - 1, "windows must lie inside data"
assert _counts[-1] > 0, (f"in {_B} draws the last possible window (start len(data) - "
                         f"block_size - 1 = {_N - _T - 1}) never came: draw starts with "
                         "torch.randint(len(data) - block_size, ...), whose upper bound is excluded")
assert _counts[0] > 0, "in 4000 draws the window starting at 0 never came: starts go from 0"
_mean = _B / (_N - _T)
assert all(0.5 * _mean < c < 1.5 * _mean for c in _counts), (
    "every window must be equally likely (a uniform draw with torch.randint); the counts of "
    f"each start in {_B} draws were {_counts}")
torch.manual_seed(1)
_a = _batch(_data, _T, 64, 5, "get_batch")
torch.manual_seed(2)
_b = _batch(_data, _T, 64, 5, "get_batch")
assert _g.values(_a[0]) == _g.values(_b[0]), (
    "the same generator seed must give the same batch whatever torch's global seed: pass "
    "generator=generator to torch.randint")
_c = _batch(_data, _T, 64, 6, "get_batch")
assert _g.values(_a[0]) != _g.values(_c[0]), (
    "different generator seeds gave the same batch: the starts must be random, drawn with "
    "torch.randint(..., generator=generator)")
# real token ids, not positions: each x row must be a window of data, y the window after it
_gen = torch.Generator().manual_seed(3)
_text = torch.randint(0, 65, (300,), generator=_gen)
_where = {tuple(_g.values(_text[s:s + 16])): s for s in range(300 - 16)}
_x, _y = _batch(_text, 16, 32, 7, "get_batch(text, 16, 32)")
for _row_x, _row_y in zip(_g.values(_x), _g.values(_y)):
    assert tuple(_row_x) in _where, f"x row {_row_x} is not a window of data"
    _s = _where[tuple(_row_x)]
    assert _row_y == _g.values(_text[_s + 1:_s + 17]), "y must be the window of data one token after x"
# the smallest corpus: exactly one window fits
_x, _y = _batch(torch.arange(9), 8, 2, 0, "get_batch(data of 9 tokens, block_size=8)")
assert _g.values(_x) == [list(range(8))] * 2 and _g.values(_y) == [list(range(1, 9))] * 2, (
    "with len(data) = block_size + 1 exactly one window fits: x = data[:-1], y = data[1:]")
# a batch of one window, and windows of one token, keep both dimensions
for _bs, _T in ((1, 8), (5, 1), (1, 1)):
    _what = f"get_batch(data, block_size={_T}, batch_size={_bs})"
    _x, _y = _batch(_data, _T, _bs, 4, _what)
    assert _g.shape_of(_x) == (_bs, _T) and _g.shape_of(_y) == (_bs, _T), (
        f"{_what} returned x and y of shapes {_g.shape_of(_x)} and {_g.shape_of(_y)}, expected "
        f"(batch_size, block_size) = ({_bs}, {_T}) even for a batch of one or windows of one "
        "token: .squeeze() drops every dimension of size 1, so don't use it here")
    assert [[v - 1 for v in r] for r in _g.values(_y)] == _g.values(_x), (
        f"{_what}: y must be x shifted by one")
# a corpus stored with another integer dtype keeps it
_data32 = (torch.arange(40) + 7).to(torch.int32)
_before = _g.values(_data32)
_x, _y = _batch(_data32, 6, 5, 2, "get_batch(data of dtype torch.int32, 6, 5)")
assert _x.dtype == torch.int32 and _y.dtype == torch.int32, (
    f"for data of dtype torch.int32 get_batch returned x and y of dtypes {_x.dtype} and "
    f"{_y.dtype}: x and y must keep the dtype of data, whatever it is (slice or index data, or "
    "make new tensors with dtype=data.dtype rather than a fixed torch.long)")
assert [[v - 1 for v in r] for r in _g.values(_y)] == _g.values(_x) and _g.values(_data32) == _before, (
    "get_batch(data of dtype torch.int32): y must be x shifted by one, and data must not change")
# without a generator, the starts come from torch's global generator
_what = "get_batch(data, 8, 64) without a generator"
torch.manual_seed(11)
_a = _g.call_safely(get_batch, _data, 8, 64, what=_what)
torch.manual_seed(12)
_b = _g.call_safely(get_batch, _data, 8, 64, what=_what)
torch.manual_seed(11)
_c = _g.call_safely(get_batch, _data, 8, 64, what=_what)
assert _g.values(_a[0]) != _g.values(_b[0]), (
    "with generator=None, two different global seeds (torch.manual_seed) gave the same batch: "
    "without a generator the starts must come from torch's global generator, so pass "
    "generator=generator to torch.randint as it is (None included) instead of making a "
    "generator of your own")
assert _g.values(_a[0]) == _g.values(_c[0]), (
    "with generator=None, the same global seed (torch.manual_seed) must give the same batch: "
    "pass generator=generator to torch.randint as it is, None included")
### END HIDDEN TESTS


# %% test_split_loss
torch.manual_seed(0)
model = GPT(GPTConfig(vocab_size=7, block_size=4, n_layer=1, n_head=1, n_embd=8, dropout=0.2))
data = torch.randint(0, 7, (23,))  # 5 windows of 4 tokens (and the target of the last one)
windows, targets = data[:20].view(5, 4), data[1:21].view(5, 4)
model.eval()
with torch.no_grad():
    _, expected = model(windows, targets)  # all five windows at once, dropout off
    expected = expected.item()
    # what the mean of the batch means would give for batches of 2, 2 and 1 windows
    means = [model(windows[i:i + 2], targets[i:i + 2])[1].item() for i in (0, 2, 4)]

# Watch how the model runs: gradients on or off, the mode of every layer.
runs = []
hooks = [layer.register_forward_pre_hook(lambda layer, args: runs.append(
    (type(layer).__name__, torch.is_grad_enabled(), layer.training))) for layer in model.modules()]
model.train()
try:
    got = split_loss(model, data, batch_size=5)  # one batch of all five windows
finally:
    grad_after = torch.is_grad_enabled()
    torch.set_grad_enabled(True)
print(f"split_loss: {got}, expected {expected:.6f}")
assert isinstance(got, float), f"split_loss returned a {type(got).__name__}: return a Python float (loss.item())"
assert runs, "split_loss never ran the model: compute each batch's loss with _, loss = model(x, y)"
assert not any(grad for _, grad, _ in runs), (
    "split_loss ran the model with gradients on: measure inside `with torch.no_grad():` "
    "(nothing is backpropagated, so keep no graph)")
training = sorted({name for name, _, on in runs if on})
assert not training, (
    "layers of the model ran in training mode, its Dropout layers zeroing activations at "
    "random: call model.eval() before measuring, which sets the mode of every layer (setting model.training = False "
    "changes the top module only)")
assert all(layer.training for layer in model.modules()), (
    "split_loss left the model in evaluation mode: put it back in the mode it was in "
    "(was_training = model.training first, model.train(was_training) at the end)")
assert grad_after, (
    "split_loss left gradients switched off for all the code after it: use `with "
    "torch.no_grad():` (or @torch.no_grad()), which switches them back on")
assert abs(got - expected) < 1e-5, (
    f"split_loss returned {got:.5f}, but the mean cross-entropy over the non-overlapping windows "
    f"of this split is {expected:.5f}: window i is x = data[i*T : (i+1)*T] with targets "
    "y = data[i*T + 1 : (i+1)*T + 1] (T = model.config.block_size), for every i whose y fits, "
    "(len(data) - 1) // T windows: none overlaps another, none is left out")

got = split_loss(model, data, batch_size=2)  # batches of 2, 2 and 1 windows
hint = (" (that is the plain mean of the three batches' losses)"
        if abs(got - sum(means) / 3) < 1e-6 else "")
assert abs(got - expected) < 1e-5, (
    f"with batch_size=2 split_loss returned {got:.5f}{hint}, expected {expected:.5f}: the mean "
    "over the split is the mean over all its windows, so weight each batch's mean loss by its "
    "number of windows (total += loss.item() * len(x)) and divide by the number of windows: "
    "the smaller last batch counts less than a full one")
model.eval()
split_loss(model, data, batch_size=3)
assert not any(layer.training for layer in model.modules()), (
    "a model found in evaluation mode must stay in it: put the model back in the mode it was in "
    "(was_training = model.training first, model.train(was_training) at the end), not always "
    "in training mode")
for hook in hooks:
    hook.remove()
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
import torch.nn.functional as _F
_g.check_untampered((_F, "cross_entropy"), (torch.nn.Module, "eval"), (torch.nn.Module, "train"),
                    (torch, "is_grad_enabled"), (torch, "set_grad_enabled"), (torch, "no_grad"))
_g.check_own_function(split_loss, "split_loss")

def _tiny(seed, mode, block_size=8):
    torch.manual_seed(seed)
    _m = GPT(GPTConfig(vocab_size=11, block_size=block_size, n_layer=1, n_head=2, n_embd=16,
                       dropout=0.1))
    return _m.train(mode == "train")

def _expected(m, data):
    _T = m.config.block_size
    _n = (len(data) - 1) // _T
    _was = m.training
    m.eval()
    with torch.no_grad():
        _, _loss = m(data[:_n * _T].view(_n, _T), data[1:_n * _T + 1].view(_n, _T))
    m.train(_was)
    return _g.values(_loss)

def _measure(seed, n, block_size, batch_size, mode, what):
    _m = _tiny(seed, mode, block_size)
    _data = torch.randint(0, 11, (n,), generator=torch.Generator().manual_seed(seed + 50))
    _want = _expected(_m, _data)
    _before = _g.values(_data)
    _runs = []
    _hooks = [_l.register_forward_pre_hook(lambda mod, args: _runs.append(
        (type(mod).__name__, torch.is_grad_enabled(), mod.training))) for _l in _m.modules()]
    try:
        _got = _g.call_safely(split_loss, _m, _data, batch_size, what=what)
    finally:
        _grad_after = torch.is_grad_enabled()
        torch.set_grad_enabled(True)
        for _h in _hooks:
            _h.remove()
    assert type(_got) is float, (f"{what} returned a {type(_got).__name__}: return the loss as "
                                 "a Python float (loss.item())")
    assert _runs, f"{what} never ran the model: compute each batch's loss, _, loss = model(x, y)"
    assert not any(_grad for _, _grad, _ in _runs), (
        f"{what} ran the model with gradients on: measure inside `with torch.no_grad():` "
        "(nothing is backpropagated, so keep no graph)")
    _training = sorted({_name for _name, _, _on in _runs if _on})
    assert not _training, (
        f"{what}: layers of the model ran in training mode, its Dropout layers zeroing "
        "activations at random: call "
        "model.eval() before measuring, which sets the mode of every layer (setting "
        "model.training = False changes the top module only)")
    assert sorted({_l.training for _l in _m.modules()}) == [mode == "train"], (
        f"{what} left the model in {'evaluation' if mode == 'train' else 'training'} mode: put "
        "it back in the mode it was in (was_training = model.training first, "
        "model.train(was_training) at the end)")
    assert _grad_after, (
        f"{what} left gradients switched off for all the code after it: use `with "
        "torch.no_grad():` (or @torch.no_grad()), which switches them back on")
    assert _g.values(_data) == _before, f"{what} changed data in place: leave it as it is"
    return _got, _want

for _seed, _n, _T, _B, _mode in ((1, 33, 8, 64, "train"), (2, 61, 8, 3, "train"),
                                 (3, 61, 8, 2, "eval"), (4, 45, 8, 1, "train"),
                                 (5, 100, 16, 4, "train")):
    _what = (f"split_loss(a model in {'training' if _mode == 'train' else 'evaluation'} mode, "
             f"block_size={_T}, {_n} tokens, batch_size={_B})")
    _got, _want = _measure(_seed, _n, _T, _B, _mode, _what)
    if abs(_got - _want) > 1e-5 * abs(_want) + 1e-6:
        if _B == 1 or _B >= (_n - 1) // _T:
            raise AssertionError(
                f"{_what} returned {_got:.5f}, but the mean cross-entropy over the "
                f"non-overlapping windows of this split is {_want:.5f}: window i is "
                "x = data[i*T : (i+1)*T] with targets y = data[i*T + 1 : (i+1)*T + 1] "
                "(T = model.config.block_size), for every i whose y fits, "
                "(len(data) - 1) // T windows: none overlaps another, none is left out")
        raise AssertionError(
            f"{_what} returned {_got:.5f}, expected {_want:.5f}: the mean over the split is the "
            "mean over all its windows, so weight each batch's mean loss by its number of "
            "windows (total += loss.item() * len(x)) and divide by the number of windows: the "
            "smaller last batch counts less than a full one")
### END HIDDEN TESTS


# %% test_initial_loss_check
from pixels_to_gpt import train as reference
from pixels_to_gpt.grading.guard import using_reference

# Your initial_loss_check runs with the course's split_loss, so a mistake there costs points
# only above.
with using_reference(globals(), reference, "split_loss"):
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=50, block_size=8, n_layer=1, n_head=2, n_embd=16))
    data = torch.randint(0, 10, (300,))  # only 10 of the model's 50 tokens occur in this split
    out = initial_loss_check(model, data)
    print("untrained model over 50 tokens, a split of ids 0 to 9:", out)
    assert isinstance(out, tuple) and len(out) == 3, "return a tuple (loss, ln_v, healthy)"
    loss, ln_v, healthy = out
    want = reference.split_loss(model, data)
    assert isinstance(loss, float) and abs(loss - want) < 1e-6, (
        f"the loss must be the model's loss over the whole split, split_loss(model, data) = "
        f"{want:.5f}, got {loss!r}")
    hints = {math.log(10): "ln 10 is the number of distinct tokens in data, but the model chooses "
                           "between all of its V = model.config.vocab_size tokens",
             math.log10(50): "that is log10: the cross-entropy uses the natural logarithm "
                             "(math.log), its unit is the nat",
             math.log2(50): "that is log2 (bits): the cross-entropy uses the natural logarithm "
                            "(math.log), its unit is the nat",
             math.log(51): "that is ln(V + 1): V is the model's vocabulary size itself"}
    hint = next((h for v, h in hints.items() if isinstance(ln_v, float) and abs(ln_v - v) < 1e-6),
                "a uniform guess over the model's V tokens has loss ln V, V being "
                "model.config.vocab_size, whatever tokens data holds")
    assert isinstance(ln_v, float) and abs(ln_v - math.log(50)) < 1e-9, (
        f"ln_v should be ln 50 = {math.log(50):.4f}, got {ln_v!r}: {hint}")
    assert healthy is True, (f"healthy is {healthy!r}: a loss of {loss:.4f}, within 0.1 of "
                             f"ln_v = {ln_v:.4f}, is a healthy start (return a Python bool)")
    gap = abs(loss - ln_v)

    torch.manual_seed(1)
    loud = GPT(GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16))
    with torch.no_grad():
        loud.tok_emb.weight.mul_(30.0)  # badly scaled initial weights
    loss, ln_v, healthy = initial_loss_check(loud, torch.randint(0, 11, (200,)))
    print(f"badly scaled weights: loss {loss:.3f}, ln V {ln_v:.3f}, healthy {healthy}")
    assert healthy is False, (
        f"a loss of {loss:.2f}, far above ln V = {ln_v:.2f}, means confident wrong guesses "
        "from badly scaled weights: healthy must be False")
    torch.manual_seed(2)
    knowing = GPT(GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16))
    with torch.no_grad():
        knowing.tok_emb.weight[3].mul_(100.0)  # sure of token 3, the only token of its split
    loss, ln_v, healthy = initial_loss_check(knowing, torch.full((100,), 3))
    print(f"a model that knows its split: loss {loss:.3f}, ln V {ln_v:.3f}, healthy {healthy}")
    assert healthy is False, (
        f"a loss of {loss:.3f}, far below ln V = {ln_v:.2f}, is not healthy either (the model "
        "knows what it cannot know): check both sides, abs(loss - ln_v) <= tolerance")

    # The tolerance is a distance in nats: the untrained model over 50 tokens again.
    assert initial_loss_check(model, data, tolerance=gap / 2)[2] is False, (
        f"with tolerance={gap / 2:.4f} the loss is {gap:.4f} from ln V, more than the "
        "tolerance, so healthy must be False: compare abs(loss - ln_v) with tolerance itself")
    assert initial_loss_check(model, data, tolerance=2 * gap)[2] is True, (
        f"with tolerance={2 * gap:.4f} the loss is {gap:.4f} from ln V, within the tolerance, "
        "so healthy must be True: compare abs(loss - ln_v) with tolerance itself")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt import train as _reference
import math as _math
_g.check_untampered((torch.nn.Module, "eval"), (torch.nn.Module, "train"),
                    (torch.nn.functional, "cross_entropy"))
_g.check_own_function(initial_loss_check, "initial_loss_check", graded_elsewhere=("split_loss",))

def _start(seed, vocab_size=11, n=300, ids_below=None):
    torch.manual_seed(seed)
    _m = GPT(GPTConfig(vocab_size=vocab_size, block_size=8, n_layer=1, n_head=2, n_embd=16))
    _data = torch.randint(0, ids_below or vocab_size, (n,),
                          generator=torch.Generator().manual_seed(seed + 50))
    return _m, _data

def _check(m, data, what, **kwargs):
    _out = _g.call_safely(initial_loss_check, m, data, what=what, **kwargs)
    assert type(_out) is tuple and len(_out) == 3, (
        f"{what} must return a tuple (loss, ln_v, healthy), got {type(_out).__name__}")
    _loss, _ln_v, _healthy = _out
    _want = _reference.split_loss(m, data)
    assert type(_loss) is float and abs(_loss - _want) <= 1e-5 * abs(_want) + 1e-6, (
        f"{what}: the loss must be the model's loss over the whole split, split_loss(model, "
        f"data) = {_want:.5f}, as a Python float; got {_loss!r}")
    _V = m.config.vocab_size
    if not (type(_ln_v) is float and abs(_ln_v - _math.log(_V)) < 1e-9):
        _hint = "a uniform guess over the model's V tokens has loss ln V, V being model.config.vocab_size, whatever tokens data holds"
        if type(_ln_v) is float:
            for _v, _h in ((_math.log10(_V), "that is log10: the cross-entropy uses the natural logarithm (math.log)"),
                           (_math.log2(_V), "that is log2: the cross-entropy uses the natural logarithm (math.log)"),
                           (_math.log(_V + 1), "that is ln(V + 1): V is the model's vocabulary size itself")):
                if abs(_ln_v - _v) < 1e-6:
                    _hint = _h
        raise AssertionError(f"{what}: ln_v should be ln {_V} = {_math.log(_V):.4f}, got {_ln_v!r}: {_hint}")
    assert type(_healthy) is bool, f"{what}: healthy must be a Python bool (True or False), got {type(_healthy).__name__}"
    return _loss, _ln_v, _healthy

with _g.using_reference(globals(), _reference, "split_loss"):
    _m, _data = _start(7)
    _loss, _ln_v, _healthy = _check(_m, _data, "initial_loss_check(an untrained GPT over 11 tokens)")
    assert _healthy is True, (f"an untrained model's loss {_loss:.4f} within 0.1 of ln V = {_ln_v:.4f} "
                              "is a healthy start: healthy = abs(loss - ln_v) <= tolerance")
    _m, _data = _start(8, vocab_size=50, ids_below=10)
    _loss, _ln_v, _healthy = _check(_m, _data, "initial_loss_check(an untrained GPT over 50 tokens, data holding only ids 0 to 9)")
    assert _healthy is True, "an untrained model's loss near ln V is a healthy start"
    _m, _data = _start(10)
    with torch.no_grad():
        _m.tok_emb.weight.mul_(30.0)
    _loss, _ln_v, _healthy = _check(_m, _data, "initial_loss_check(a GPT with badly scaled weights)")
    assert _healthy is False, (f"a loss of {_loss:.2f}, far above ln V = {_ln_v:.2f}, means confident "
                               "wrong guesses from badly scaled weights: healthy must be False")
    _m, _ = _start(11)
    with torch.no_grad():
        _m.tok_emb.weight[5].mul_(100.0)
    _loss, _ln_v, _healthy = _check(_m, torch.full((100,), 5), "initial_loss_check(a GPT sure of its split's only token)")
    assert _healthy is False, (
        f"a loss of {_loss:.3f}, far below ln V = {_ln_v:.2f}, is not healthy either (the model knows "
        "what it cannot know): check both sides, abs(loss - ln_v) <= tolerance")
    _m, _data = _start(9)
    _gap = abs(_reference.split_loss(_m, _data) - _math.log(11))
    _, _, _healthy = _check(_m, _data, "initial_loss_check(model, data, tolerance)", tolerance=_gap / 2)
    assert _healthy is False, (
        f"with tolerance={_gap / 2:.5f} the loss is {_gap:.5f} from ln V, more than the tolerance, so "
        "healthy must be False: compare abs(loss - ln_v) with tolerance itself")
    _, _, _healthy = _check(_m, _data, "initial_loss_check(model, data, tolerance)", tolerance=2 * _gap)
    assert _healthy is True, (
        f"with tolerance={2 * _gap:.5f} the loss is {_gap:.5f} from ln V, within the tolerance, so "
        "healthy must be True: compare abs(loss - ln_v) with tolerance itself")
### END HIDDEN TESTS
