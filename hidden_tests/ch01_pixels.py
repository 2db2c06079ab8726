"""The hidden tests: the test cells of solutions/ch01_pixels/pixels.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_forward
from pixels_to_gpt.grading import guard

guard.check_own_function(forward, "forward")  # your own code, not the course's reference
params = example_params()
probs = forward(params, SYMBOLS)
print("probabilities for the four symbols (random, untrained parameters):\n", probs)
assert probs.shape == (4, 4), "forward must return one row of 4 probabilities per display"
assert torch.allclose(probs.sum(dim=1), torch.ones(4, dtype=torch.float64)), (
    "each row must add up to 1: finish with a softmax over each row's four scores (dim=-1)")
assert forward(params, SYMBOLS[:1]).shape == (1, 4), (
    "for a batch of one display forward returned the wrong shape, expected (1, 4): keep the "
    "batch dimension (no .squeeze())")
zero = {name: torch.zeros_like(p) for name, p in params.items()}
assert torch.allclose(forward(zero, SYMBOLS), torch.full((4, 4), 0.25, dtype=torch.float64)), (
    "with all parameters 0 every symbol must get probability 1/4")
# with W3 = 0 the four scores are just the output bias b3, whatever the display
only_b3 = dict(zero, b3=torch.tensor([0.0, 1.0, 2.0, 3.0], dtype=torch.float64))
assert torch.allclose(forward(only_b3, SYMBOLS), torch.softmax(only_b3["b3"], dim=-1).expand(4, 4)), (
    "forward is wrong: the bias b3 is missing (with W3 = 0 the probabilities must be softmax(b3)): "
    "probs = softmax(h2 @ W3 + b3)")
# one display worked out by hand: 1 unit per hidden layer
tiny = {"W1": torch.full((9, 1), 0.1, dtype=torch.float64), "b1": torch.tensor([0.2], dtype=torch.float64),
        "W2": torch.tensor([[2.0]], dtype=torch.float64), "b2": torch.tensor([-1.0], dtype=torch.float64),
        "W3": torch.tensor([[1.0, 0.0, 0.0, 0.0]], dtype=torch.float64), "b3": torch.zeros(4, dtype=torch.float64)}
# the cross: sum of pixels 1 -> z1 = 0.1 + 0.2; h1 = tanh(0.3); h2 = sigmoid(2 h1 - 1); scores (h2, 0, 0, 0)
h2 = 1 / (1 + math.exp(-(2 * math.tanh(0.3) - 1)))
expected = [math.exp(h2) / (math.exp(h2) + 3)] + [1 / (math.exp(h2) + 3)] * 3
got = forward(tiny, SYMBOLS[:1])
print("worked example:", got, "expected:", expected)
assert torch.allclose(got, torch.tensor([expected], dtype=torch.float64)), (
    "forward is wrong on the worked example: h1 = tanh(x @ W1 + b1) (tanh first), "
    "h2 = sigmoid(h1 @ W2 + b2) (sigmoid second), probs = softmax(h2 @ W3 + b3); every layer adds its bias")
# forward must leave what it is given alone; torch counts each tensor's in-place writes
# in its ._version, so even a write that changes no value shows
params, x = example_params(), SYMBOLS.clone()
writes = [t._version for t in (x, *params.values())]
forward(params, x)
assert sorted(params) == ["W1", "W2", "W3", "b1", "b2", "b3"], (
    f"forward changed the parameters or the displays it was given: params now has the keys "
    f"{sorted(params)}; keep what you compute in local variables, not in params")
assert [t._version for t in (x, *params.values())] == writes, (
    "forward wrote into a tensor it was given (an in-place operation such as x.clamp_(...), "
    "params['W1'][...] = ... or .sub_(...)): leave the inputs as they are and compute new tensors")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch01_pixels as _c1
_g.check_untampered(*_c1.RELIED_ON)

_g.check_own_function(forward, "forward")
for _h1, _h2, _b, _seed in ((4, 4, 6, 1), (3, 6, 1, 2), (7, 2, 11, 3)):
    _P = _c1.random_params(_h1, _h2, _seed)
    _x = _c1.random_displays(_b, _seed)
    _before, _xbefore = _c1.snapshot(_P), _g.values(_x)
    _given = [_x, *_P.values()]
    _written = _c1.versions(*_given)
    _want = _g.values(_c1.oracle_forward(_P, _x))
    _probs = _g.call_safely(forward, _P, _x, what=f"forward(params, x) with H1={_h1}, H2={_h2}, B={_b}")
    assert _c1.versions(*_given) == _written, _c1.in_place_hint("forward")
    assert _g.shape_of(_probs) == (_b, 4), (f"for {_b} displays forward returned shape "
        f"{_g.shape_of(_probs)}, expected ({_b}, 4): one row of 4 probabilities per display")
    _sums = [sum(r) for r in _g.values(_probs)]
    assert all(abs(s - 1) < 1e-6 for s in _sums), (f"the rows of forward's output add up to "
        f"{[round(s, 3) for s in _sums]}, not 1: take the softmax over the last dimension "
        "(dim=-1), one softmax per display, as the very last step")
    _wrong = None
    for _variant, _kw in (("tanh and sigmoid swapped: the first hidden layer squashes with "
                           "tanh, the second with sigmoid", {"first": torch.sigmoid, "second": torch.tanh}),
                          ("the bias b1 is missing", {"biases": (0, 1, 1)}),
                          ("the bias b2 is missing", {"biases": (1, 0, 1)}),
                          ("the bias b3 is missing", {"biases": (1, 1, 0)})):
        _alt = _g.values(_c1.oracle_forward(_P, _x, **_kw))
        try:
            _g.assert_close(_probs, _alt, "")
            _wrong = _variant
            break
        except AssertionError:
            pass
    assert _wrong is None, f"forward is wrong: {_wrong}"
    _g.assert_close(_probs, _want, "forward returned wrong probabilities: compute h1 = "
                    "tanh(x @ W1 + b1), h2 = sigmoid(h1 @ W2 + b2), then softmax(h2 @ W3 + b3) "
                    "over each row", rtol=1e-5, atol=1e-7)
    assert _c1.snapshot(_P) == _before and _g.values(_x) == _xbefore, (
        "forward changed the parameters or the displays it was given: compute new tensors")
# extreme parameters (large weights saturate tanh and the sigmoid): the same formula, and
# nothing given may change
_P = _c1.random_params(5, 4, 7)
for _name in ("W1", "b1", "W2", "b2"):
    _P[_name] = torch.mul(_P[_name], 20.0)
_x = _c1.random_displays(8, 7)
_given = [_x, *_P.values()]
_before, _xbefore, _written = _c1.snapshot(_P), _g.values(_x), _c1.versions(*_given)
_want = _g.values(_c1.oracle_forward(_P, _x))
_probs = _g.call_safely(forward, _P, _x, what="forward(params, x) with large weights (up to about 60)")
assert _c1.versions(*_given) == _written, _c1.in_place_hint("forward")
assert _c1.snapshot(_P) == _before and _g.values(_x) == _xbefore, (
    "forward changed the parameters or the displays it was given (with large weights): compute "
    "new tensors, and don't clip or zero the caller's weights")
_g.assert_close(_probs, _want, "forward is wrong for large weights: compute exactly h1 = "
                "tanh(x @ W1 + b1), h2 = sigmoid(h1 @ W2 + b2), softmax(h2 @ W3 + b3), without "
                "clipping anything", rtol=1e-5, atol=1e-7)
### END HIDDEN TESTS


# %% test_loss
from pixels_to_gpt.grading import guard

guard.check_own_function(loss, "loss")  # your own code, not the course's reference
value = loss(torch.tensor([[0.5, 0.25, 0.25, 0.0]]), torch.tensor([0]))
print("loss when the right symbol gets 1/2:", value)
assert value.shape == (), "loss must return a single number (a 0-dimensional tensor)"
assert abs(value.item() - math.log(2)) < 1e-6, (
    f"loss gave {value.item():.4f} when the right symbol has probability 1/2, expected "
    "-log(1/2) = log 2 = 0.693: the loss is MINUS the log of the right symbol's probability")
value = loss(torch.tensor([[0.7, 0.1, 0.1, 0.1], [0.1, 0.2, 0.3, 0.4]]), torch.tensor([0, 2]))
assert abs(value.item() - (-math.log(0.7) - math.log(0.3)) / 2) < 1e-6, (
    "take the probability of each display's right symbol, probs[i, targets[i]], and the mean "
    "over the displays (not the sum)")
value = loss(torch.tensor([[0.9, 0.05, 0.03, 0.02]]), torch.tensor([0]))
assert abs(value.item() - (-math.log(0.9))) < 1e-6, (
    f"loss gave {value.item():.4f} when the right symbol has probability 0.9, expected "
    "-log(0.9) = 0.105: the loss is -log(p) of the right symbol's probability p, not -log(1 - p)")
value = loss(torch.tensor([[0.01, 0.97, 0.01, 0.01]]), torch.tensor([0]))
assert abs(value.item() - (-math.log(0.01))) < 1e-6, (
    f"loss returned a wrong value, {value.item():.4f}, when the right symbol has probability "
    "0.01, expected -log(0.01) = 4.605: if you guard against log(0), clamp only to a tiny "
    "floor such as 1e-12, which changes no real probability")
# a certain, right answer (with zeros beside it): loss 0, and the probabilities stay as given.
# torch counts each tensor's in-place writes in its ._version, so even a write that changes
# no value shows
certain, targets = torch.tensor([[1.0, 0.0, 0.0, 0.0]]), torch.tensor([0])
writes = [certain._version, targets._version]
value = loss(certain, targets)
assert [certain._version, targets._version] == writes, (
    "loss wrote into a tensor it was given (such as probs.clamp_(min=...) or "
    "probs[probs == 0] = ...): guard against log(0) on a new tensor, probs.clamp(min=...)")
assert abs(value.item()) < 1e-6, "a network certain of the right answer (probability 1) must have loss 0"
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch01_pixels as _c1
_g.check_untampered(*_c1.RELIED_ON)

import math as _math
_g.check_own_function(loss, "loss")
for _b, _seed in ((5, 1), (1, 2), (12, 3)):
    _gen = torch.Generator().manual_seed(_seed)
    _probs = torch.softmax(torch.mul(torch.randn(_b, 4, generator=_gen, dtype=torch.float64), 2), dim=-1)
    _t = torch.randint(0, 4, (_b,), generator=_gen)
    _pv, _tv = _g.values(_probs), _g.values(_t)
    _want = _g.values(_c1.oracle_loss(_probs, _t))
    _written = _c1.versions(_probs, _t)
    _l = _g.call_safely(loss, _probs, _t, what=f"loss(probs, targets) for {_b} displays")
    assert _c1.versions(_probs, _t) == _written, _c1.in_place_hint("loss")
    assert isinstance(_l, torch.Tensor), f"loss must return a torch.Tensor, got {type(_l).__name__}"
    assert _g.shape_of(_l) == (), (f"loss returned shape {_g.shape_of(_l)}: return a single number,"
                                   " the mean over the batch (a 0-dimensional tensor)")
    _got = _g.values(_l)
    _right = [_pv[i][_tv[i]] for i in range(_b)]
    _hints = (
        (-sum(_math.log(p) for p in _right), "you returned the sum over the batch: take the mean"),
        (sum(_math.log(p) for p in _right) / _b, "the sign is wrong: the loss is MINUS the log "
         "of the probability, so that it is positive and small when the network is right"),
        (-sum(_math.log(p) for r in _pv for p in r) / (4 * _b), "you averaged -log over all "
         "four probabilities of each row: take only the right symbol's, probs[i, targets[i]]"),
        (-sum(_math.log(1 - p) for p in _right) / _b, "the loss is -log(p) of the right symbol's "
         "probability p, not -log(1 - p)"),
    )
    for _value, _hint in _hints:
        if _b > 1 and abs(_got - _value) < 1e-6 * max(1, abs(_value)) and abs(_value - _want) > 1e-6:
            raise AssertionError(f"loss is wrong: {_hint}")
    _g.assert_close(_l, _want, "loss returned a wrong value: the cross-entropy is the mean over "
                    "the displays of -log(probs[i, targets[i]]), the log of the probability "
                    "given to each display's right symbol", rtol=1e-6, atol=1e-9)
    assert _g.values(_probs) == _pv and _g.values(_t) == _tv, "loss changed its inputs in place"
_certain, _t = torch.tensor([[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]), torch.tensor([0, 3])
_written = _c1.versions(_certain, _t)
_l = _g.call_safely(loss, _certain, _t, what="loss for certain, right answers")
assert _c1.versions(_certain, _t) == _written, _c1.in_place_hint("loss")
assert _g.values(_certain) == [[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]], (
    "loss changed the zeros of the probabilities it was given (such as probs.clamp_(min=...) or "
    "probs[probs == 0] = ...): guard against log(0) on a new tensor, probs.clamp(min=...)")
_g.assert_close(_l, 0.0, "a network certain of the right answers (probability 1) must have loss 0")
_l = _g.call_safely(loss, torch.tensor([[0.25, 0.25, 0.25, 0.25]] * 3), torch.tensor([1, 2, 3]),
                    what="loss for uniform probabilities")
_g.assert_close(_l, _math.log(4), "guessing (probability 1/4 each) must give loss log 4 = 1.386",
                rtol=1e-6)
### END HIDDEN TESTS


# %% test_gradient_step
from pixels_to_gpt.grading import guard

AUTOGRAD = [(torch.autograd, "grad"), (torch.autograd, "backward"), (torch.Tensor, "backward"),
            (torch.func, "grad")]
guard.check_own_function(gradient_step, "gradient_step", AUTOGRAD)


def mean_loss(params, x, targets):
    """The mean cross-entropy of the network, written out here so that this check needs none
    of your functions."""
    h1 = torch.tanh(x @ params["W1"] + params["b1"])
    h2 = torch.sigmoid(h1 @ params["W2"] + params["b2"])
    probs = torch.softmax(h2 @ params["W3"] + params["b3"], dim=-1)
    return -torch.log(probs[torch.arange(len(targets)), targets]).mean().item()


def numerical_gradient(params, x, targets, name, eps=1e-6):
    """dL/d params[name] by central differences: nudge each entry up and down by eps and see
    how the loss changes, (L(+eps) - L(-eps)) / (2 eps). Slow (two forward passes per
    parameter), but it needs no derivation at all: the gradient check of chapter 1."""
    grad = torch.zeros_like(params[name])
    for i in range(params[name].numel()):
        nudged = {k: v.clone() for k, v in params.items()}
        nudged[name].view(-1)[i] += eps
        up = mean_loss(nudged, x, targets)
        nudged[name].view(-1)[i] -= 2 * eps
        down = mean_loss(nudged, x, targets)
        grad.view(-1)[i] = (up - down) / (2 * eps)
    return grad


ORDER = ["W3", "b3", "W2", "b2", "W1", "b1"]  # from the output backwards, as you derive them
HINTS = {
    "3": "the output layer's gradient is wrong: it is the worked step, delta3 = (probs - "
         "one_hot(targets, 4)) / B with B = len(targets), dL/dW3 = h2.T @ delta3 and "
         "dL/db3 = delta3.sum(dim=0)",
    "2": "W3 and b3 are right, so the mistake lies between delta3 and delta2: in how delta3 "
         "flows back to h2 through W3 (each h2[i, j] enters z3[i, k] for every k, with the "
         "factor W3[j, k]: add up those paths), or in the step from h2 back to z2 through the "
         "sigmoid (the chain rule multiplies by the sigmoid's derivative at z2, element by "
         "element: derive it, write it with h2 = sigmoid(z2), and compare it with finite "
         "differences of torch.sigmoid); dL/dW2 and dL/db2 then follow as in the worked step",
    "1": "W2, b2, W3 and b3 are right, so the mistake lies between delta2 and delta1: in how "
         "delta2 flows back to h1 through W2 (from delta2 itself, the gradient at z2), or in the "
         "step from h1 back to z1 through the tanh (the chain rule multiplies by tanh's "
         "derivative at z1, element by element: derive it, write it with h1 = tanh(z1), and "
         "compare it with finite differences of torch.tanh); dL/dW1 and dL/db1 then follow "
         "as in the worked step",
}
WEIGHT_HINT = ("the gradient for W{0} is wrong while that of b{0} is right: delta{0} itself is "
               "right, so the mistake is in the last step, from delta{0} to dL/dW{0}: as in the "
               "worked step for W3, each weight W{0}[j, k] multiplies input j in the sum k of "
               "every display; add up over the batch once (delta{0} already holds the 1/B), and "
               "keep the shape of W{0}")
SHAPES = ("check the shape of every gradient you compute: each has the shape of the value it "
          "belongs to (dL/dh2 and delta2 that of h2, (B, H2); dL/dW2 that of W2, (H1, H2)), so "
          "choose the products whose shapes give that; keep the batch dimension (no "
          ".squeeze()), also for B=1; and one_hot(targets, 4) needs its 4, as a batch may lack "
          "some symbols")


def close(a, b):
    return torch.allclose(a, b, rtol=1e-5, atol=1e-7)


def check_step(params, x, targets, lr):
    """Run gradient_step once and compare the step it took with finite differences."""
    what = (f"gradient_step with B={len(targets)}, H1={params['W1'].shape[1]}, "
            f"H2={params['W2'].shape[1]}")
    before = {name: p.clone() for name, p in params.items()}
    writes = [t._version for t in (x, targets, *params.values())]  # counts in-place writes
    try:
        with guard.forbid(AUTOGRAD, "gradient_step must not use autograd (.backward(), "
                          "torch.autograd.grad): derive the gradients by hand with the chain rule"):
            new = guard.call_safely(gradient_step, params, x, targets, lr, what=what)
    except AssertionError as error:
        if "RuntimeError" in str(error) and ("size" in str(error) or "shape" in str(error)):
            raise AssertionError(f"{error}\nThe shapes do not fit: {SHAPES}") from None
        raise
    assert isinstance(new, dict) and set(new) == set(params), (
        "return a dict with the same six keys as params")
    assert all(torch.equal(params[name], before[name]) for name in params), (
        "gradient_step changed the caller's parameters in place (such as params['W1'] -= ...): "
        "return new tensors, params[name] - lr * grad")
    assert [t._version for t in (x, targets, *params.values())] == writes, (
        "gradient_step wrote into a tensor it was given (such as targets[...] = ... or "
        "x.clamp_(...)), even where it changed no value: leave the inputs as they are")
    yours, numeric = {}, {}
    for name in ORDER:
        assert isinstance(new[name], torch.Tensor) and new[name].shape == params[name].shape, (
            f"{what}: the new {name} must be a tensor of the shape of {name}, "
            f"{tuple(params[name].shape)}: {SHAPES}")
        yours[name] = (params[name] - new[name]) / lr  # the gradient your step used
        numeric[name] = numerical_gradient(params, x, targets, name)
        print(f"{what}, {name}: largest difference from the finite differences "
              f"{(yours[name] - numeric[name]).abs().max():.1e}")
    if all(close(yours[name], numeric[name]) for name in ORDER):
        return
    unchanged = [name for name in ORDER if torch.equal(new[name], params[name])]
    assert not unchanged, f"{what} left {unchanged} unchanged: update every parameter"
    # the same mistake in every gradient: a constant factor
    flat_yours = torch.cat([yours[name].flatten() for name in ORDER])
    flat_numeric = torch.cat([numeric[name].flatten() for name in ORDER])
    factor = (flat_yours @ flat_numeric / (flat_numeric @ flat_numeric)).item()
    if close(flat_yours, factor * flat_numeric):
        assert abs(factor + 1) > 1e-3, (
            f"{what} went uphill: step AGAINST the gradient, params[name] - lr * grad (a sign error)")
        assert not (len(targets) > 1 and abs(factor - len(targets)) < 1e-3), (
            f"{what}: your gradients are B = {len(targets)} times too large: the loss is the "
            "MEAN over the batch, so delta3 = (probs - one_hot) / B")
        raise AssertionError(
            f"{what}: all your gradients are {factor:.4g} times the right ones, so the output "
            f"layer's gradient is wrong by that factor: {HINTS['3']}")
    bad = [name for name in ORDER if not close(yours[name], numeric[name])]
    if all(name.startswith("b") for name in bad):
        raise AssertionError(
            f"{what}: the weights' gradients are right, but the bias gradients are wrong for "
            f"{bad}: a bias is added to the sums of each of the B displays, so the chain rule "
            "adds up one contribution per display, one row of delta each (delta already holds "
            "the 1/B of the mean loss)")
    layer = bad[0][1]
    assert f"b{layer}" in bad, f"{what}: {WEIGHT_HINT.format(layer)}"
    raise AssertionError(f"{what}: the gradient for {', '.join(bad)} differs from the finite "
                         f"differences: {HINTS[layer]}")


x = torch.cat([SYMBOLS, -SYMBOLS[:2]])  # six displays
check_step(example_params(hidden1=4, hidden2=3, seed=1), x, torch.tensor([0, 1, 2, 3, 1, 0]), lr=0.1)
# a batch of one display (B=1, and no symbol 3 among the targets): keep every shape as it is
check_step(example_params(hidden1=3, hidden2=2, seed=2), SYMBOLS[1:2], torch.tensor([1]), lr=0.5)
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch01_pixels as _c1
_g.check_untampered(*_c1.RELIED_ON)

from pixels_to_gpt import pixels as _ref
_AUTOGRAD = tuple((o, a) for o, a in (
    (torch.autograd, "grad"), (torch.autograd, "backward"), (torch.Tensor, "backward"),
    (torch.func, "grad"), (torch.func, "grad_and_value"), (torch.func, "vjp"),
    (torch.autograd.functional, "vjp"), (torch.autograd.functional, "jacobian")) if hasattr(o, a))
_g.check_own_function(gradient_step, "gradient_step", _AUTOGRAD)
_ORDER = ("W3", "b3", "W2", "b2", "W1", "b1")


def _close(a, b, tol=1e-7):
    return all(abs(u - v) <= tol * (1 + abs(v)) for u, v in zip(a, b))


def _flat(v):
    return [y for r in v for y in r] if v and isinstance(v[0], list) else list(v)


with _g.replaced(gradient_step.__globals__, "forward", _ref.forward), \
        _g.replaced(gradient_step.__globals__, "loss", _ref.cross_entropy):
    for _h1, _h2, _b, _lr, _seed in ((4, 4, 6, 0.5, 11), (3, 5, 1, 0.1, 12), (6, 2, 9, 2.0, 13),
                                     (5, 3, 7, 0.3, 14)):
        _P = _c1.random_params(_h1, _h2, _seed, scale=0.8)
        _x = _c1.random_displays(_b, _seed)
        _t = torch.randint(0, 4, (_b,), generator=torch.Generator().manual_seed(_seed))
        _before, _xbefore, _tbefore = _c1.snapshot(_P), _g.values(_x), _g.values(_t)
        _leaves = {k: v.detach().clone().requires_grad_() for k, v in _P.items()}
        _grads = dict(zip(_leaves, torch.autograd.grad(
            _c1.oracle_loss(_c1.oracle_forward(_leaves, _x), _t), list(_leaves.values()))))
        _grad = {k: _flat(_g.values(v)) for k, v in _grads.items()}
        _old = {k: _flat(v) for k, v in _before.items()}
        _what = f"gradient_step with H1={_h1}, H2={_h2}, B={_b}, lr={_lr}"
        _given = [_x, _t, *_P.values()]
        _written = _c1.versions(*_given)
        try:
            with _g.forbid(_AUTOGRAD, "gradient_step must not use autograd (.backward(), "
                           "torch.autograd.grad, torch.func): derive the gradients by hand with "
                           "the chain rule"):
                _new = _g.call_safely(gradient_step, _P, _x, _t, _lr, what=_what)
        except AssertionError as _error:
            if "RuntimeError" in str(_error) and ("size" in str(_error) or "shape" in str(_error)):
                raise AssertionError(f"{_error}\nThe shapes do not fit: {SHAPES}") from None
            raise
        if _c1.versions(*_given) != _written and _c1.snapshot(_P) == _before:
            raise AssertionError(_c1.in_place_hint("gradient_step"))
        assert _c1.snapshot(_P) == _before, ("gradient_step changed the caller's parameters in "
            "place (such as params['W1'] -= ...): return new tensors, params[name] - lr * grad")
        assert _g.values(_x) == _xbefore and _g.values(_t) == _tbefore, "gradient_step changed x or targets"
        assert isinstance(_new, dict) and set(_new) == set(_P), (f"{_what} must return a dict "
            f"with the keys {sorted(_P)}, got {sorted(_new) if isinstance(_new, dict) else type(_new).__name__}")
        for _k in _ORDER:
            assert isinstance(_new[_k], torch.Tensor) and _g.shape_of(_new[_k]) == _g.shape_of(_P[_k]), (
                f"the new {_k} must be a tensor of the shape of {_k}, {_g.shape_of(_P[_k])}: {SHAPES}")
        _step = {k: [(o - n) / _lr for o, n in zip(_old[k], _flat(_g.values(_new[k])))] for k in _ORDER}
        if all(_close(_step[k], _grad[k]) for k in _ORDER):
            continue
        if all(_close(_step[k], [-v for v in _grad[k]]) for k in _ORDER):
            raise AssertionError(f"{_what} went uphill: step AGAINST the gradient, "
                                 "params[name] - lr * grad (a sign error)")
        if _b > 1 and all(_close(_step[k], [_b * v for v in _grad[k]]) for k in _ORDER):
            raise AssertionError(f"{_what}: your gradients are B = {_b} times too large: the "
                                 "loss is the MEAN over the batch, so delta3 = (probs - one_hot) / B")
        _unchanged = [k for k in _ORDER if _step[k] == [0.0] * len(_step[k]) and not _close(_step[k], _grad[k])]
        assert not _unchanged, f"{_what} left {_unchanged} unchanged: update every parameter"
        _bad = [k for k in _ORDER if not _close(_step[k], _grad[k])]
        if all(k.startswith("b") for k in _bad):
            raise AssertionError(
                f"{_what}: the weights' gradients are right, but the bias gradients are wrong "
                f"for {_bad}: a bias is added to the sums of each of the B displays, so the "
                "chain rule adds up one contribution per display, one row of delta each")
        assert f"b{_bad[0][1]}" in _bad, f"{_what}: {WEIGHT_HINT.format(_bad[0][1])}"
        raise AssertionError(f"{_what}: the step for {', '.join(_bad)} differs from "
                             f"autograd's gradient: {HINTS[_bad[0][1]]}")
### END HIDDEN TESTS
