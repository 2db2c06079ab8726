"""Fixture text that several assignments' outside checks share (see `verdict.Assignment`).

It runs on both sides, in the sandbox before any student code and in the grader: a driver
that refuses writes into the inputs (torch's write counters, which move even when no value
changes), a context that makes forbidden shortcuts raise while the student's function runs
(`patched_each`, the hidden tests' own from `pixels_to_gpt.grading.guard`, as source: the
sandbox has no package), fresh random numbers for each submission, and a way to compare a
floating result in its input's dtype where the hidden tests compare values only. And
`imported`, the preludes' stand-in for an import from the package.
"""

import inspect

from pixels_to_gpt.grading import guard


def imported(source: str, filename: str, *names: str) -> str:
    """Code that runs `source` (a module's text) apart and binds only `names`, as `from
    pixels_to_gpt.<module> import ...` does: the answer cells see nothing else of it. (Its
    classes belong to __main__: dataclasses look their module up in sys.modules.)"""
    return (f"_module = {{'__name__': '__main__'}}\n"
            f"exec(compile({source!r}, {filename!r}, 'exec'), _module)\n"
            + "".join(f"{name} = _module[{name!r}]\n" for name in names) + "del _module\n")

FIXTURES = '''
import contextlib
from collections.abc import Iterator, Sequence

import torch.nn.functional as F


''' + inspect.getsource(guard.patched_each) + '''

_VERSION = vars(torch._C.TensorBase)["_version"].__get__  # taken before any student code runs


class WroteIntoItsInput(Exception):
    """The function wrote into a tensor it was given (torch's write counter moved)."""


class Forbidden(Exception):
    """The function called what the exercise asks it not to."""


def _tensors(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _tensors(item)]
    return [value] if isinstance(value, torch.Tensor) else []


def untouched(function, *args, **kwargs):
    """function(*args, **kwargs), refused if it wrote into any tensor it was given, even
    without changing a value (x.clamp_(-1, 1) on a display of +-1s), as the hidden tests do."""
    given = _tensors([args, kwargs])
    written = [_VERSION(t) for t in given]
    out = function(*args, **kwargs)
    if [_VERSION(t) for t in given] != written:
        raise WroteIntoItsInput(
            "it wrote into a tensor it was given (an in-place operation such as x.clamp_(...), "
            "x[...] = ..., x /= ..., masked_fill_ or .nan_to_num_(), on the tensor or a view "
            "of it), even where no value changed: leave the inputs as they are and compute "
            "new tensors")
    return out


@contextlib.contextmanager
def forbidding(shortcuts, hint):
    """While active, the shortcuts raise Forbidden(hint), as in the hidden tests."""
    def refuse(*args, **kwargs):
        raise Forbidden(hint)

    with patched_each(shortcuts, refuse):
        yield


def randn(*shape, offset=0, dtype=torch.float64):
    """Fresh random numbers for this submission: the seed is drawn by the grader."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randn(*shape, generator=g, dtype=dtype)


def in_dtype_of(out, tensor):
    """A floating result in the floating dtype of the input `tensor`: where the hidden tests
    compare values and not dtypes (a float32 loss of float64 probabilities is right to 1e-7)."""
    if isinstance(out, torch.Tensor) and out.is_floating_point():
        return out.to(tensor.dtype)
    return out
'''
