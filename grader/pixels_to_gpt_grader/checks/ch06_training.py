"""Chapter 6's outside checks: random batches of windows, the loss over a split, the ln V check.

The cases follow the hidden tests (and are no stricter). `get_batch` draws at random, so its
batches are judged by what every correct answer shares: each row a window of the corpus and
its targets the window one token on, every window equally likely (the first and the last
included), the dtype and shape kept, a generator seed (or, without one, torch's global seed)
that reproduces. `split_loss` is run by a driver on small GPTs with dropout built from the
seed, which also records how the model ran (gradients, the mode of every layer) and what it
was left in. `initial_loss_check` is run on untrained GPTs, healthy or not, with the course's
`split_loss` in place of the student's.
"""

from __future__ import annotations

import inspect
import math
import re

from pixels_to_gpt import model
from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question, Records

# The set-up imports the course's GPT and GPTConfig, which the exercise measures: its source
# (the whole model module: no graded function of this chapter is in it) stands in for them.
MODEL_SOURCE = inspect.getsource(model)
assert not re.search(r"^\s*(from|import) pixels_to_gpt", MODEL_SOURCE, re.MULTILINE), (
    "pixels_to_gpt/model.py must run without the rest of the package: the sandbox lacks it")


PRELUDE = ("import math\nimport warnings\n\nimport torch\n\n"
           + common.imported(MODEL_SOURCE, "pixels_to_gpt/model.py", "GPT", "GPTConfig") + '''
torch.manual_seed(0)
warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad")
''')

FIXTURES = MODEL_SOURCE + '''


def positions(n):
    """Token ids 100, 101, ...: each tells its own position in the corpus."""
    return torch.arange(n) + 100


def tokens(n, offset):
    """A corpus of random ids (65 of them, as Tiny Shakespeare has) for this submission."""
    return torch.randint(0, 65, (n,), generator=torch.Generator().manual_seed(SEED + offset))


def batch(function, data, block_size, batch_size, seed=None, global_seed=None):
    """get_batch with a generator seeded `seed`; or without one, after torch.manual_seed."""
    try:
        if global_seed is not None:
            torch.manual_seed(global_seed)
            return function(data, block_size, batch_size)
        return function(data, block_size, batch_size,
                        generator=torch.Generator().manual_seed(seed))
    except NotImplementedError:
        raise
    except Exception as error:  # most often a window that runs off the end of data
        kind = "" if type(error) is RuntimeError else f"{type(error).__name__}: "
        raise RuntimeError(f"{kind}{str(error)[:120]}. Every window, y "
                           "included, must fit inside data: starts go from 0 to "
                           "len(data) - block_size - 1") from None


def ids(n, vocab_size, offset):
    """n random token ids below vocab_size, for this submission."""
    return torch.randint(0, vocab_size, (n,),
                         generator=torch.Generator().manual_seed(SEED + offset))


def small_gpt(offset, vocab_size=11, block_size=8, dropout=0.0):
    torch.manual_seed(SEED + offset)
    return GPT(GPTConfig(vocab_size=vocab_size, block_size=block_size, n_layer=1, n_head=2,
                         n_embd=16, dropout=dropout))


def whole_loss(m, data):
    """The model's mean loss over every window of data, all in one batch, dropout off."""
    T = m.config.block_size
    n = (len(data) - 1) // T
    was = m.training
    m.eval()
    with torch.no_grad():
        _, loss = m(data[: n * T].view(n, T), data[1 : n * T + 1].view(n, T))
    m.train(was)
    return loss.item()


def measure(function, offset, n_tokens, block_size, batch_size, mode):
    """split_loss(model, data, batch_size) on a small GPT with dropout, found in `mode`:
    (the result, whether any layer ran with gradients on, the layers that ran in training
    mode, the modes of the layers afterwards, whether gradients are on afterwards, whether
    the model ran at all, whether data is unchanged).

    One thread, as in the sandbox: the same arithmetic there and in the grader."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    m = small_gpt(offset, block_size=block_size, dropout=0.1).train(mode == "train")
    data = ids(n_tokens, 11, offset)
    before = data.clone()
    runs = []
    hooks = [layer.register_forward_pre_hook(lambda mod, args: runs.append(
        (type(mod).__name__, torch.is_grad_enabled(), mod.training))) for layer in m.modules()]
    try:
        out = function(m, data, batch_size)
    finally:
        grad_after = torch.is_grad_enabled()
        torch.set_grad_enabled(True)
        torch.set_num_threads(threads)
        for hook in hooks:
            hook.remove()
    return (out, any(grad for _, grad, _ in runs),
            sorted({name for name, _, training in runs if training}),
            sorted({layer.training for layer in m.modules()}), grad_after, bool(runs),
            torch.equal(data, before))


def loud(m):
    """Badly scaled initial weights: the (tied) embedding 30 times too large."""
    with torch.no_grad():
        m.tok_emb.weight.mul_(30.0)
    return m


def knowing(m, token):
    """A model already sure of `token`, the only token of its split."""
    with torch.no_grad():
        m.tok_emb.weight[token].mul_(100.0)
    return m


def start(function, kind, offset):
    """initial_loss_check(model, data, ...) on a small untrained GPT of this `kind`:

    fresh:   V = 11, random ids, the default tolerance;
    subset:  V = 50, but data holds only ids below 10;
    loud:    badly scaled weights (loss far above ln V);
    knowing: a model sure of its split's only token (loss far below ln V);
    tight:   fresh, with a tolerance half the distance of its loss from ln V;
    loose:   fresh, with a tolerance twice that distance.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        vocab_size = 50 if kind == "subset" else 11
        m = small_gpt(offset, vocab_size=vocab_size)
        data = ids(300, 10 if kind == "subset" else 11, offset)
        if kind == "loud":
            loud(m)
        if kind == "knowing":
            token = offset % 11
            knowing(m, token)
            data = torch.full((100,), token)
        if kind in ("tight", "loose"):
            gap = abs(whole_loss(m, data) - math.log(vocab_size))
            return function(m, data, tolerance=gap * (0.5 if kind == "tight" else 2.0))
        return function(m, data)
    finally:
        torch.set_num_threads(threads)
'''


# ----------------------------------------------------------------------------- get_batch
BATCHES = {  # case id -> (data, block_size, batch_size, keyword arguments, what it says)
    "uniform": ("positions(50)", 8, 4000, "{'seed': SEED}", "data of 50 tokens, 8, 4000"),
    "seed_a": ("positions(50)", 8, 64, "{'seed': SEED + 5}", "data, 8, 64, a seeded generator"),
    "seed_b": ("positions(50)", 8, 64, "{'seed': SEED + 5}", "data, 8, 64, the same seed again"),
    "seed_c": ("positions(50)", 8, 64, "{'seed': SEED + 6}", "data, 8, 64, another seed"),
    "text": ("tokens(250, 3)", 16, 32, "{'seed': SEED + 7}", "random token ids, 16, 32"),
    "one_window": ("torch.arange(9)", 8, 2, "{'seed': SEED + 8}", "data of 9 tokens, 8, 2"),
    "B1_T8": ("positions(50)", 8, 1, "{'seed': SEED + 4}", "data, block_size=8, batch_size=1"),
    "B5_T1": ("positions(50)", 1, 5, "{'seed': SEED + 4}", "data, block_size=1, batch_size=5"),
    "B1_T1": ("positions(50)", 1, 1, "{'seed': SEED + 4}", "data, block_size=1, batch_size=1"),
    "int32": ("(torch.arange(40) + 7).to(torch.int32)", 6, 5, "{'seed': SEED + 2}",
              "data of dtype torch.int32, 6, 5"),
    "global_a": ("positions(50)", 8, 64, "{'global_seed': SEED + 11}",
                 "data, 8, 64 without a generator, after torch.manual_seed(s)"),
    "global_b": ("positions(50)", 8, 64, "{'global_seed': SEED + 12}",
                 "data, 8, 64 without a generator, after another torch.manual_seed"),
    "global_c": ("positions(50)", 8, 64, "{'global_seed': SEED + 11}",
                 "data, 8, 64 without a generator, after torch.manual_seed(s) again"),
}


def _batch_cases() -> tuple[Case, ...]:
    # random draws: judge_batches looks at them all (in "one_window" only one window fits,
    # so there the batch is known)
    return tuple(Case(id, f"({data}, {T}, {B})", says, kwargs=kwargs, compare="shape")
                 for id, (data, T, B, kwargs, says) in BATCHES.items())


def _windows(id: str, got: dict, want: dict) -> tuple[str | None, list[int]]:
    """Whether a recorded batch is (x, y), windows of data with y one token on: a message for
    the student (or None), and the start of each row."""
    what = f"get_batch({BATCHES[id][4]})"
    data, block_size, batch_size = want["inputs"]["items"]  # the grader's own inputs
    values, T, B = data["values"], block_size["value"], batch_size["value"]
    result = got.get("result", {})
    pair = result.get("items", []) if result.get("py") == "tuple" else []
    if len(pair) != 2:
        return f"{what} must return a pair (x, y), not {result.get('py', 'that')}", []
    for name, t in zip("xy", pair, strict=True):
        if t.get("tensor") != data["tensor"]:
            return (f"{what} returned {name} of dtype {t.get('tensor', t.get('py'))}: x and y "
                    f"must keep the dtype of data ({data['tensor']}): slice or index data"), []
        shape = t.get("shape", [])
        if shape != [B, T] or len(t.get("values", ())) != B * T:
            squeezed = (", even for a batch of one or windows of one token: .squeeze() drops "
                        "every dimension of size 1, don't use it") if len(shape) < 2 else ""
            return (f"{what} returned {name} of shape {tuple(shape)}, expected (batch_size, "
                    f"block_size) = ({B}, {T}){squeezed}"), []
    starts = {}  # a window of T + 1 tokens (x's and the one after) -> where it starts
    for s in range(len(values) - T):
        starts.setdefault(tuple(values[s:s + T + 1]), s)
    xs, ys = (t["values"] for t in pair)
    rows = []
    for r in range(B):
        x, y = xs[r * T:(r + 1) * T], ys[r * T:(r + 1) * T]
        window = (*x, y[-1])
        if x[1:] != y[:-1] or window not in starts:
            return (f"{what} returned x row {x} with y row {y}: each x row must be a window of "
                    "data, x = data[s : s + block_size], and y the window one token on, "
                    "y = data[s + 1 : s + 1 + block_size], both inside data"), []
        rows.append(starts[window])
    return None, rows


def judge_batches(got: Records, want: Records) -> str | None:
    """Windows of data everywhere; starts uniform over every window; seeds that reproduce."""
    rows = {}
    for id in BATCHES:
        message, rows[id] = _windows(id, got[id], want[id])
        if message:
            return message
    starts, n = rows["uniform"], 50 - 8  # 4000 draws over the 42 windows of 50 tokens
    if len(set(starts)) == 1:
        return ("get_batch returned the same window in every row: every row of the batch needs "
                "its own random start (draw batch_size starts)")
    counts = [starts.count(s) for s in range(n)]
    if counts[0] == 0:
        return ("in 4000 draws get_batch never chose the window starting at 0: starts go from 0 "
                "to len(data) - block_size - 1")
    if counts[-1] == 0:
        return (f"in 4000 draws get_batch never chose the last window that fits (start "
                f"len(data) - block_size - 1 = {n - 1}): draw starts with "
                "torch.randint(len(data) - block_size, ...), whose upper bound is excluded")
    # the hidden tests allow 0.5 to 1.5 times the mean count on their one seed; on a fresh
    # seed for every submission that would fail about one correct answer in 25,000: wider
    # (6.9 standard deviations), a window drawn twice as often as it should still shows
    mean = len(starts) / n
    if not all(0.3 * mean < c < 1.7 * mean for c in counts):
        return ("every window must be equally likely (a uniform draw with torch.randint); the "
                f"counts of each start in 4000 draws were {counts}")

    def x(id):
        return got[id]["result"]["items"][0]["values"]

    if x("seed_a") != x("seed_b"):
        return ("the same generator seed gave different batches: pass generator=generator to "
                "torch.randint")
    if x("seed_a") == x("seed_c"):
        return ("different generator seeds gave the same batch: the starts must be random, "
                "drawn with torch.randint(..., generator=generator)")
    if x("global_a") == x("global_b"):
        return ("with generator=None, two different global seeds (torch.manual_seed) gave the "
                "same batch: pass generator=generator to torch.randint as it is (None "
                "included) instead of making a generator of your own")
    if x("global_a") != x("global_c"):
        return ("with generator=None, the same global seed (torch.manual_seed) gave different "
                "batches: pass generator=generator to torch.randint as it is, None included")
    return None


# ---------------------------------------------------------------------------- split_loss
SPLITS = {  # case id -> (offset, tokens, block_size, batch_size, mode, what it says)
    "one_batch": (1, 33, 8, 64, "train", "a model in training mode, 33 tokens, batch_size=64"),
    "partial": (2, 61, 8, 3, "train", "a model in training mode, 61 tokens, batch_size=3"),
    "eval": (3, 61, 8, 2, "eval", "a model in evaluation mode, 61 tokens, batch_size=2"),
    "leftover": (4, 45, 8, 1, "train", "45 tokens (4 left over), batch_size=1"),
    "longer": (5, 100, 16, 4, "train", "block_size=16, 100 tokens, batch_size=4"),
}


def _split_cases() -> tuple[Case, ...]:
    # compare="shape": judge_splits reads each record whole (the result, how the model ran)
    return tuple(Case(id, f"({offset}, {n}, {T}, {B}, {mode!r})", says, compare="shape")
                 for id, (offset, n, T, B, mode, says) in SPLITS.items())


def judge_splits(got: Records, want: Records) -> str | None:
    """A float, the model run without gradients and in evaluation mode, its mode and the
    gradients put back, then the loss: over every window (one batch), weighted by batch."""
    for id in SPLITS:
        what = f"split_loss({SPLITS[id][5]})"
        items = got[id]["result"]["items"]
        result, grad, training, after, grad_after, ran, same_data = (
            item.get("value", item.get("items")) if "tensor" not in item else item
            for item in items)
        mode_before = SPLITS[id][4] == "train"
        if not isinstance(result, float) or isinstance(result, bool):
            kind = "a tensor" if "tensor" in items[0] else items[0].get("py")
            return f"{what} returned {kind}: return the loss as a Python float (loss.item())"
        if not ran:
            return f"{what} never ran the model: compute each batch's loss, _, loss = model(x, y)"
        if grad:
            return (f"{what} ran the model with gradients on: measure inside `with "
                    "torch.no_grad():` (nothing is backpropagated, so keep no graph)")
        if training:
            return (f"{what}: layers of the model ran in training mode, its Dropout layers "
                    "zeroing activations at random: call "
                    "model.eval() before measuring, which sets the mode of every layer (setting "
                    "model.training = False changes the top module only)")
        if [i.get("value") for i in after] != [mode_before]:
            return (f"{what} left the model in {'evaluation' if mode_before else 'training'} "
                    "mode: put it back in the mode it was in (was_training = model.training "
                    "first, model.train(was_training) at the end)")
        if not grad_after:
            return (f"{what} left gradients switched off for all the code after it: use `with "
                    "torch.no_grad():` (or @torch.no_grad()), which switches them back on")
        if not same_data:
            return f"{what} changed data in place: leave it as it is"
        expected = want[id]["result"]["items"][0]["value"]
        if abs(result - expected) > 1e-5 * abs(expected) + 1e-6:
            if id == "one_batch" or SPLITS[id][3] == 1:
                return (f"{what} returned {result:.5f}, but the mean cross-entropy over the "
                        f"non-overlapping windows of this split is {expected:.5f}: window i is "
                        "x = data[i*T : (i+1)*T] with targets y = data[i*T + 1 : (i+1)*T + 1] "
                        "(T = model.config.block_size), for every i whose y fits, "
                        "(len(data) - 1) // T windows: none overlaps another, none is left out")
            return (f"{what} returned {result:.5f}, expected {expected:.5f}: the mean over the "
                    "split is the mean over all its windows, so weight each batch's mean loss by "
                    "its number of windows (total += loss.item() * len(x)) and divide by the "
                    "number of windows: the smaller last batch counts less than a full one")
    return None


# ---------------------------------------------------------------------- initial_loss_check
STARTS = {  # case id -> what it says
    "fresh": "an untrained GPT over 11 tokens, random ids",
    "subset": "an untrained GPT over 50 tokens, data holding only ids 0 to 9",
    "loud": "an untrained GPT with badly scaled weights (its loss far above ln V)",
    "knowing": "a GPT already sure of its split's only token (its loss far below ln V)",
    "tight": "an untrained GPT, tolerance half its loss's distance from ln V",
    "loose": "an untrained GPT, tolerance twice its loss's distance from ln V",
}


def _start_cases() -> tuple[Case, ...]:
    return tuple(Case(id, f"({id!r}, {10 + i})", says, compare="shape")
                 for i, (id, says) in enumerate(STARTS.items()))


def _ln_v_hint(got: float, vocab_size: int) -> str:
    for value, hint in ((math.log10(vocab_size), "that is log10: the loss is measured with the "
                         "natural logarithm (math.log), in nats"),
                        (math.log2(vocab_size), "that is log2 (bits): the loss is measured with "
                         "the natural logarithm (math.log), in nats"),
                        (math.log(vocab_size + 1), "that is ln(V + 1): V is the number of "
                         "tokens, model.config.vocab_size itself")):
        if abs(got - value) < 1e-6:
            return hint
    return ("a uniform guess over the model's V outputs has loss ln V, V being the model's "
            "vocabulary size (model.config.vocab_size), not the number of distinct tokens (or "
            "the largest id) in data")


def judge_starts(got: Records, want: Records) -> str | None:
    """(loss, ln V, healthy): the whole-split loss, ln of the model's vocabulary size, and a
    bool saying whether they are within the tolerance, on either side."""
    for id, says in STARTS.items():
        what = f"initial_loss_check({says})"
        result = got[id]["result"]
        items = result.get("items", [])
        if result.get("py") != "tuple" or len(items) != 3:
            return f"{what} must return a tuple (loss, ln_v, healthy)"
        loss, ln_v, healthy = (item.get("value") for item in items)
        want_loss, want_ln_v, want_healthy = (item["value"] for item in want[id]["result"]["items"])
        if items[0].get("py") != "float" or abs(loss - want_loss) > 1e-5 * abs(want_loss) + 1e-6:
            return (f"{what}: the loss must be the model's loss over the whole split, "
                    f"split_loss(model, data) = {want_loss:.5f}, as a Python float; got "
                    f"{loss if items[0].get('py') == 'float' else items[0].get('py')}")
        if items[1].get("py") != "float" or abs(ln_v - want_ln_v) > 1e-9:
            shown = f"{ln_v:.4f}" if items[1].get("py") == "float" else "not a Python float"
            return (f"{what}: ln_v should be {want_ln_v:.4f}, got {shown}: "
                    + (_ln_v_hint(ln_v, round(math.exp(want_ln_v)))
                       if items[1].get("py") == "float" else "use math.log"))
        if items[2].get("py") != "bool":
            return f"{what}: healthy must be a Python bool (True or False)"
        if healthy != want_healthy:
            return f"{what}: healthy is {healthy}, expected {want_healthy}: " + {
                "loud": "a loss far above ln V means confident wrong guesses from badly scaled "
                        "weights: not a healthy start",
                "knowing": "a loss far below ln V is not healthy either (the model knows what "
                           "it cannot know): check both sides, abs(loss - ln_v) <= tolerance",
                "tight": "the distance in nats between the loss and ln V is more than the "
                         "tolerance given: compare abs(loss - ln_v) with tolerance itself",
                "loose": "the distance in nats between the loss and ln V is within the "
                         "tolerance given: compare abs(loss - ln_v) with tolerance itself",
            }.get(id, "healthy means abs(loss - ln_v) <= tolerance (0.1 nats by default)")
    return None


CHECKS = Assignment("pixels_to_gpt.train", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_get_batch", "get_batch", _batch_cases(), judge=judge_batches,
             driver="batch"),
    Question("test_split_loss", "split_loss", _split_cases(), judge=judge_splits,
             driver="measure"),
    Question("test_initial_loss_check", "initial_loss_check", _start_cases(),
             judge=judge_starts, driver="start", needs=("split_loss",)),
))
