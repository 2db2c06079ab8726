"""Chapter 6's outside checks: random batches of windows, and one training step.

The cases follow the hidden tests (and are no stricter). `get_batch` draws at random, so its
batches are judged by what every correct answer shares: each row a window of the corpus and
its targets the window one token on, every window equally likely (the first and the last
included), the dtype and shape kept, a generator seed (or, without one, torch's global seed)
that reproduces. `train_step` is run by a driver on small GPTs built from the seed; what it
leaves behind (the mode of every layer, the weights after one and two steps) is compared
with one step of the reference on the same model.
"""

from __future__ import annotations

import inspect
import math
import re

from pixels_to_gpt import model
from pixels_to_gpt.grading.verdict import Assignment, Case, Question, Records, same

# The set-up imports the course's GPT and GPTConfig, which the training step runs: its source
# (the whole model module: no graded function of this chapter is in it) stands in for them.
MODEL_SOURCE = inspect.getsource(model)
assert not re.search(r"^\s*(from|import) pixels_to_gpt", MODEL_SOURCE, re.MULTILINE), (
    "pixels_to_gpt/model.py must run without the rest of the package: the sandbox lacks it")


def imported(source: str, *names: str) -> str:
    """Code that runs `source` (a module's text) apart and binds only `names`, as `from
    pixels_to_gpt.model import ...` does: the answer cells see nothing else of it. (Its
    classes belong to __main__: dataclasses look their module up in sys.modules.)"""
    return (f"_module = {{'__name__': '__main__'}}\n"
            f"exec(compile({source!r}, 'pixels_to_gpt/model.py', 'exec'), _module)\n"
            + "".join(f"{name} = _module[{name!r}]\n" for name in names) + "del _module\n")


PRELUDE = "import warnings\n\nimport torch\n\n" + imported(MODEL_SOURCE, "GPT", "GPTConfig") + '''
torch.manual_seed(0)
warnings.filterwarnings("ignore", message="Converting a tensor with requires_grad")
'''

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


class SGD:
    """torch.optim.SGD without momentum, as the student's train_step sees it (param_groups,
    state, zero_grad, step). torch.optim's first use imports torch._dynamo, seconds of
    work in every sandboxed child: this stand-in keeps the check fast. Its update is
    torch's own, p - lr * grad."""

    def __init__(self, params, lr):
        self.param_groups = [{"params": list(params), "lr": lr}]
        self.state = {}
        self.defaults = {"lr": lr}

    def zero_grad(self, set_to_none=True):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        p.grad.detach_()
                        p.grad.zero_()

    @torch.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    self.update(p, p.grad, group["lr"])
        return loss

    def update(self, p, grad, lr):
        p.add_(grad, alpha=-lr)


class AdamW(SGD):
    """torch.optim.AdamW with its defaults (betas 0.9 and 0.999, eps 1e-8, weight decay 0.01)."""

    def update(self, p, grad, lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01):
        if p not in self.state:
            self.state[p] = {"step": 0, "exp_avg": torch.zeros_like(p),
                             "exp_avg_sq": torch.zeros_like(p)}
        state = self.state[p]
        state["step"] += 1
        p.mul_(1 - lr * weight_decay)
        state["exp_avg"].lerp_(grad, 1 - betas[0])
        state["exp_avg_sq"].mul_(betas[1]).addcmul_(grad, grad, value=1 - betas[1])
        denominator = (state["exp_avg_sq"] / (1 - betas[1] ** state["step"])).sqrt_().add_(eps)
        p.addcdiv_(state["exp_avg"], denominator, value=-lr / (1 - betas[0] ** state["step"]))


def tiny_gpt(offset, dropout=0.0):
    torch.manual_seed(SEED + offset)
    return GPT(GPTConfig(vocab_size=11, block_size=8, n_layer=1, n_head=2, n_embd=16,
                         dropout=dropout))


def batch_of_ids(offset):
    """(x, y): a batch of 3 windows of 8 random ids out of 11, and random targets."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randint(0, 11, (3, 8), generator=g), torch.randint(0, 11, (3, 8), generator=g)


def weights(m):
    return [p.detach().clone() for p in m.parameters()]


def step(function, x, y, kind):
    """train_step(model, optimizer, x, y) on a small GPT; what `kind` looks at:

    modes:  a model in evaluation mode, with dropout: (forward passes, whether the model
            ran in training mode, the layers that ran in evaluation mode, the result's type);
    loss:   the returned loss (the batch's, before the update);
    sgd:    the weights before, after one SGD step from stale gradients, and after a second;
    large:  the weights after one SGD step on large gradients (no clipping);
    adamw:  the losses of 40 AdamW steps on the same batch.

    One thread, as in the sandbox: the same arithmetic there and in the grader (where many
    threads only slow such small tensors down).
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return run_step(function, x, y, kind)
    finally:
        torch.set_num_threads(threads)


def run_step(function, x, y, kind):
    if kind == "modes":
        m = tiny_gpt(1, dropout=0.1).eval()
        modes, layers = [], []
        m.register_forward_pre_hook(lambda mod, args: modes.append(mod.training))
        for layer in m.modules():
            if layer is not m:
                layer.register_forward_pre_hook(
                    lambda mod, args: layers.append((type(mod).__name__, mod.training)))
        out = function(m, SGD(m.parameters(), lr=0.1), x, y)
        return (len(modes), all(modes), sorted({name for name, on in layers if not on}),
                type(out).__name__)
    m = tiny_gpt(2)
    if kind == "large":
        with torch.no_grad():
            m.ln_f.weight.mul_(1000.0)  # a final layer norm 1000 times too strong
        function(m, SGD(m.parameters(), lr=1e-3), x, y)
        return weights(m)
    if kind == "adamw":
        optimizer = AdamW(m.parameters(), lr=1e-2)
        return [function(m, optimizer, x, y) for _ in range(40)]
    optimizer = SGD(m.parameters(), lr=0.5)
    for p in m.parameters():
        p.grad = torch.full_like(p, 0.7)  # left over from an earlier step
    start = weights(m)
    loss = function(m, optimizer, x, y)
    if kind == "loss":
        return loss
    first = weights(m)
    function(m, optimizer, y, x)
    return start, first, weights(m)
'''


def reference_train_step(model, optimizer, x, y) -> float:
    """One step as the course's `train` takes it, without its schedule and clipping."""
    model.train()
    optimizer.zero_grad()
    _, loss = model(x, y)
    loss.backward()
    optimizer.step()
    return loss.item()


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


# ---------------------------------------------------------------------------- train_step
def _step_cases() -> tuple[Case, ...]:
    # compare="shape": the records are judged together, in the hidden tests' order, by
    # judge_training (what the per-case comparison would say of a list of weights is vague)
    return tuple(Case(kind, "batch_of_ids(9)", says, kwargs=f"{{'kind': {kind!r}}}",
                      compare="shape")
                 for kind, says in (("modes", "a model in evaluation mode, with dropout"),
                                    ("loss", "model, SGD, x, y"),
                                    ("sgd", "a model with stale gradients, SGD, x, y"),
                                    ("large", "a batch with large gradients, SGD"),
                                    ("adamw", "40 AdamW steps on one batch")))


def _differ(got: dict, want: dict, atol: float) -> bool:
    return not same(got, want, rtol=0.0, atol=atol)


def judge_training(got: Records, want: Records) -> str | None:
    """Training mode, one forward pass, a float; one plain SGD step from zeroed gradients; the
    loss going down under AdamW. The hidden tests' checks, in their order."""
    forwards, training, in_eval, kind = (item.get("value", item.get("items"))
                                         for item in got["modes"]["result"]["items"])
    if forwards == 0:
        return "train_step must compute the loss with the model: logits, loss = model(x, y)"
    if not training:
        return ("the model ran in evaluation mode: call model.train() at the start of "
                "train_step (dropout must be on while training)")
    if in_eval:
        return (f"the model's layers ({', '.join(i.get('value') for i in in_eval)}) ran in "
                "evaluation mode although the model itself was in training mode: call "
                "model.train(), which sets the mode of every layer (setting model.training = "
                "True changes the top module only, so dropout stays off)")
    if forwards != 1:
        return (f"train_step called the model {forwards} times: one forward pass per step, "
                "whose loss is backpropagated and returned")
    if kind != "float":
        return (f"train_step returned a {kind}: return the loss as a Python float with "
                "loss.item() (a tensor would keep the whole graph alive)")
    start, first, second = got["sgd"]["result"]["items"]
    _, want_first, want_second = want["sgd"]["result"]["items"]
    if not _differ(first, start, 0.0):
        return ("train_step left the weights unchanged: call optimizer.step() after "
                "loss.backward(), and zero the gradients before loss.backward(), not between "
                "backward and step")
    loss, want_loss = got["loss"]["result"], want["loss"]["result"]
    if _differ(loss, want_loss, 1e-5):
        return (f"train_step returned {loss.get('value')!r}, but the batch's loss before the "
                f"update was {want_loss['value']:.5f}: return the loss computed in this step "
                "(loss.item()), not one computed after optimizer.step()")
    if _differ(first, want_first, 1e-6):
        return ("after one step the weights differ from one SGD step on this batch's gradient: "
                "zero the gradients with optimizer.zero_grad() before loss.backward() (PyTorch "
                "adds new gradients to the stored ones), call loss.backward() and "
                "optimizer.step() exactly once, and don't clip or rescale the gradients")
    if _differ(second, want_second, 1e-6):
        return ("the second step's update carried the first step's gradient: zero the "
                "gradients with optimizer.zero_grad() at the start of every step")
    if _differ(got["large"]["result"], want["large"]["result"], 1e-5):
        return ("on a batch with large gradients the update differs from one SGD step on this "
                "batch's gradient: don't clip or rescale the gradients in train_step, not even "
                "only large ones (the course's train clips around this step)")
    losses = [item.get("value") for item in got["adamw"]["result"].get("items", [])]
    if len(losses) != 40 or not all(type(v) is float for v in losses):
        return "train_step must return the loss as a Python float (loss.item()) at every step"
    if not abs(losses[0] - math.log(11)) < 0.3:
        return (f"the first loss of an untrained model over 11 tokens should be near ln(11) = "
                f"{math.log(11):.2f}, got {losses[0]:.3f}: return the model's mean cross-entropy")
    if not losses[-1] < 0.5 * losses[0]:
        return (f"training 40 steps on one batch took the loss from {losses[0]:.3f} only to "
                f"{losses[-1]:.3f}: each step must zero the gradients, backpropagate and step "
                "the optimizer")
    return None


CHECKS = Assignment(
    reference="pixels_to_gpt.train",
    prelude=PRELUDE,
    fixtures=FIXTURES,
    questions=(
        Question("test_get_batch", "get_batch", _batch_cases(), judge=judge_batches,
                 driver="batch"),
        Question("test_train_step", "train_step", _step_cases(), judge=judge_training,
                 driver="step", reference=f"{__name__}:reference_train_step"),
    ),
)
