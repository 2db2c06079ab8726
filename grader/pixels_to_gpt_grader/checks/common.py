"""Fixture text that several assignments' outside checks share (see `verdict.Assignment`).

It runs on both sides, in the sandbox before any student code and in the grader: a driver
that refuses writes into the inputs (torch's write counters, which move even when no value
changes), a context that makes forbidden shortcuts raise while the student's function runs,
and a way to compare a floating result in its input's dtype where the hidden tests compare
values only.
"""

FIXTURES = '''
import contextlib

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

    missing, saved = object(), []
    for owner, attr in shortcuts:
        if hasattr(owner, attr):
            saved.append((owner, attr, owner.__dict__.get(attr, missing)))
            setattr(owner, attr, refuse)
    try:
        yield
    finally:
        for owner, attr, old in reversed(saved):
            if old is missing:
                delattr(owner, attr)
            else:
                setattr(owner, attr, old)


def in_dtype_of(out, tensor):
    """A floating result in the floating dtype of the input `tensor`: where the hidden tests
    compare values and not dtypes (a float32 loss of float64 probabilities is right to 1e-7)."""
    if isinstance(out, torch.Tensor) and out.is_floating_point():
        return out.to(tensor.dtype)
    return out
'''
