"""What hidden tests use so that a submission cannot talk its way to the points.

Student code runs in the same kernel as the tests, before them, and can replace anything it
can reach: `torch.allclose = lambda *a, **k: True` makes every test that trusts
`torch.allclose` pass. So the hidden tests never trust the kernel's torch:

- `check_untampered()` fails the test (naming what was replaced) when torch functions the
  tests rely on are no longer torch's own, comparing them with torch's C-level originals;
- `values()` reads a tensor through torch's C-level `tolist`, and `assert_close()` compares
  plain Python floats, so the verdict never goes through a function the student can replace;
- `check_own_function()` fails a "solution" that is the course's reference function, or
  calls it, imports it (even inside its own body), or calls a forbidden shortcut (such as
  `torch.softmax` in a softmax exercise);
- `forbid()` makes forbidden shortcuts raise while the student's function runs.

This module's names live in its own globals, so a student cell that shadows `all` or `abs`
in the notebook does not change what the checks compute.
"""

from __future__ import annotations

import builtins
import contextlib
import dis
import math
import sys
import types
from collections.abc import Callable, Iterator, Sequence

import torch
import torch.nn.functional as F

_C_FUNCTIONS = torch._C._VariableFunctions
_TENSOR_BASE = torch._C.TensorBase
_tolist = _TENSOR_BASE.tolist
_detach = _TENSOR_BASE.detach

# torch functions that are torch's C builtins when untouched; tests rely on them.
TORCH_FUNCTIONS = (
    "allclose", "isclose", "equal", "eq", "multinomial", "softmax", "log_softmax", "exp",
    "topk", "sort", "argmax", "amax", "max", "sum", "cumsum", "where", "zeros", "ones",
    "tensor", "randn", "rand", "randint", "stack", "cat", "full", "arange", "isnan", "isinf",
    "logsumexp", "argsort",
)
# Tensor methods the checks or the tests use; a replaced one shows up in Tensor's own dict.
TENSOR_METHODS = (
    "tolist", "item", "clone", "__eq__", "__ne__", "__lt__", "__le__", "__gt__",
    "__ge__", "__bool__", "__float__", "allclose", "equal", "sum", "softmax",
    "argmax", "size", "dim", "float", "double", "to",
)
BUILTINS = (
    "abs", "all", "any", "len", "isinstance", "float", "int", "min", "max", "sum", "range",
    "zip", "round", "sorted", "repr", "str", "list", "tuple", "type", "getattr", "callable",
)

# What a softmax exercise may not call.
SOFTMAX_SHORTCUTS: tuple[tuple[object, str], ...] = (
    (torch, "softmax"), (torch, "log_softmax"), (torch.special, "softmax"),
    (torch.special, "log_softmax"), (F, "softmax"), (F, "log_softmax"),
    (torch.Tensor, "softmax"), (torch.Tensor, "log_softmax"), (torch.nn.Softmax, "forward"),
    (torch.nn.LogSoftmax, "forward"),
)

_ORIGINAL_PY = {
    "testing.assert_close": ("torch.testing._comparison", "assert_close"),
    "nn.functional.softmax": ("torch.nn.functional", "softmax"),
    "nn.functional.log_softmax": ("torch.nn.functional", "log_softmax"),
}


class GradingError(AssertionError):
    """A check failed; the message is written for the student."""


def _fail(message: str) -> None:
    raise GradingError(message)


def tampered() -> list[str]:
    """Names of the functions the tests rely on that are no longer the originals."""
    found = []
    for name in TORCH_FUNCTIONS:
        if hasattr(_C_FUNCTIONS, name) and getattr(torch, name, None) is not getattr(
            _C_FUNCTIONS, name
        ):
            found.append(f"torch.{name}")
    tensor_dict = vars(torch.Tensor)
    base_dict = vars(_TENSOR_BASE)
    for name in TENSOR_METHODS:
        if name in base_dict and name in tensor_dict:
            found.append(f"torch.Tensor.{name}")
    for dotted, (module, name) in _ORIGINAL_PY.items():
        current = torch
        for part in dotted.split("."):
            current = getattr(current, part, None)
        code = getattr(current, "__code__", None)
        if (
            getattr(current, "__module__", None) != module
            or getattr(current, "__name__", None) != name
            or code is None
            or not code.co_filename.endswith(".py")
            or "torch" not in code.co_filename
        ):
            found.append(f"torch.{dotted}")
    for name in BUILTINS:
        obj = getattr(builtins, name, None)
        if getattr(obj, "__name__", None) != name or getattr(obj, "__module__", None) != "builtins":
            found.append(name)
    return found


def is_torch_original(obj: object) -> bool:
    """True for a function or class that torch itself defines (C builtin or torch source)."""
    code = getattr(obj, "__code__", None) or getattr(getattr(obj, "__func__", None),
                                                     "__code__", None)
    if code is not None:
        return "/torch/" in code.co_filename.replace("\\", "/")
    module = getattr(obj, "__module__", None) or ""
    return module.split(".")[0] == "torch" or (
        isinstance(obj, types.BuiltinFunctionType) and module in ("", None)
    )


def check_untampered(*extra: tuple[object, str]) -> None:
    """Fail with a clear message if the notebook replaced functions the grading relies on.

    `extra` names more (owner, attribute) pairs a test relies on, such as
    `(F, "scaled_dot_product_attention")`: each must still be torch's own.
    """
    found = tampered()
    for owner, attr in extra:
        if not is_torch_original(getattr(owner, attr, None)):
            found.append(f"{getattr(owner, '__name__', owner)}.{attr}")
    if found:
        _fail(
            "This notebook replaces " + ", ".join(found) + ", which grading relies on. "
            "Remove the lines that assign to them (and restart the kernel): tests cannot "
            "give points to a notebook that changes the tools that check it."
        )


_WRITE_COUNT = vars(_TENSOR_BASE)["_version"].__get__  # torch's own counter, not a name to patch


def write_counts(*tensors: torch.Tensor) -> list[int]:
    """How often each tensor was written in place (a write through a view counts too)."""
    return [_WRITE_COUNT(t) for t in tensors]


def in_place_hint(what: str, examples: str, instead: str) -> str:
    """The failure message for a function `what` that wrote into a tensor it was given:
    `examples` of such writes, and what to compute `instead`."""
    return (f"{what} wrote into a tensor it was given (an in-place operation such as "
            f"{examples}, on the tensor or on a view of it), even where it changed no value "
            f"here: leave the inputs as they are and compute new tensors ({instead})")


def values(t: torch.Tensor) -> list:
    """The tensor's values as (nested) Python numbers, read without the student's help."""
    if not isinstance(t, torch.Tensor):
        _fail(f"expected a torch.Tensor, got {type(t).__name__}")
    return _tolist(_detach(t))


def _flatten(x) -> list:
    if isinstance(x, (list, tuple)):
        out = []
        for item in x:
            out.extend(_flatten(item))
        return out
    return [x]


def shape_of(t: torch.Tensor) -> tuple[int, ...]:
    return tuple(int(n) for n in _TENSOR_BASE.size(t))


def assert_close(
    actual: torch.Tensor,
    expected: Sequence | float,
    message: str,
    rtol: float = 1e-5,
    atol: float = 1e-6,
) -> None:
    """Fail with `message` unless `actual` equals `expected` (nested lists) within tolerance.

    Infinities must match exactly; nan never matches.
    """
    got = _flatten(values(actual))
    want = _flatten(expected)
    if len(got) != len(want):
        _fail(f"{message} (got {len(got)} values, expected {len(want)})")
    for g, w in zip(got, want, strict=True):
        g, w = float(g), float(w)
        if math.isnan(g) or math.isnan(w):
            ok = False
        elif math.isinf(g) or math.isinf(w):
            ok = g == w
        else:
            ok = abs(g - w) <= atol + rtol * abs(w)
        if not ok:
            _fail(f"{message}\n  got:      {_short(got)}\n  expected: {_short(want)}")


def _short(xs: list, n: int = 8) -> str:
    shown = ", ".join(f"{x:.4g}" if isinstance(x, float) else repr(x) for x in xs[:n])
    return f"[{shown}{', ...' if len(xs) > n else ''}]"


def _is_course_object(obj: object) -> bool:
    if isinstance(obj, types.ModuleType):
        name = obj.__name__
    else:
        name = getattr(obj, "__module__", None) or ""
    return isinstance(name, str) and name.split(".")[0] == "pixels_to_gpt"


def _referenced_objects(fn: types.FunctionType) -> Iterator[tuple[str, object]]:
    """The globals, closure cells and defaults that `fn` (and functions inside it) can reach."""
    codes = [fn.__code__]
    names: set[str] = set()
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    for name in sorted(names):
        if name in fn.__globals__:
            yield name, fn.__globals__[name]
    for cell in fn.__closure__ or ():
        with contextlib.suppress(ValueError):
            yield "<closure>", cell.cell_contents
    for default in fn.__defaults__ or ():
        yield "<default>", default


_COURSE_PACKAGE = "pixels_to_gpt"
_LOADS = ("LOAD_GLOBAL", "LOAD_NAME", "LOAD_FAST", "LOAD_DEREF", "LOAD_CLOSURE",
          "LOAD_FAST_CHECK", "LOAD_FAST_AND_CLEAR")
_STORES = ("STORE_FAST", "STORE_NAME", "STORE_DEREF", "STORE_GLOBAL")


def _code_objects(code: types.CodeType) -> Iterator[types.CodeType]:
    """`code` and every code object inside it: inner functions, lambdas, comprehensions."""
    stack = [code]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, frozenset)):
        for item in value:
            yield from _strings(item)


def _course_import(fn: types.FunctionType) -> str | None:
    """How `fn`'s code reaches the course's package from inside its body, or None.

    Read from the bytecode (not the source text): an `import`/`from ... import` of the
    package, a string constant the code uses that names it (as `__import__(...)`,
    `importlib.import_module(...)` or `sys.modules[...]` need), or any lookup in
    `sys.modules`. Docstrings are never loaded by the code, so mentioning the package in one
    is not flagged.
    """
    if any(obj is sys.modules for _, obj in _referenced_objects(fn)):
        return "sys.modules"
    sys_names = {name for name, obj in fn.__globals__.items() if obj is sys}
    for code in _code_objects(fn.__code__):
        instructions = list(dis.get_instructions(code))
        local_sys = set(sys_names)
        for i, instruction in enumerate(instructions):
            following = instructions[i + 1] if i + 1 < len(instructions) else None
            if instruction.opname == "IMPORT_NAME":
                module = str(instruction.argval)
                if module.split(".")[0] == _COURSE_PACKAGE:
                    return f"`import {module}`"
                if module == "sys" and following is not None:
                    if following.opname in _STORES:
                        local_sys.add(following.argval)
                    elif following.opname == "IMPORT_FROM" and following.argval == "modules":
                        return "sys.modules"
            elif instruction.opname in ("LOAD_CONST", "RETURN_CONST", "KW_NAMES"):
                for text in _strings(instruction.argval):
                    if _COURSE_PACKAGE in text:
                        return f"{text!r}"
            elif (instruction.opname in _LOADS and instruction.argval in local_sys
                  and following is not None and following.argval == "modules"
                  and following.opname in ("LOAD_ATTR", "LOAD_METHOD")):
                return "sys.modules"
    return None


def check_own_function(
    fn: Callable,
    name: str,
    shortcuts: Sequence[tuple[object, str]] = (),
    graded_elsewhere: Sequence[str] = (),
) -> None:
    """Fail unless `fn` is a function written in the notebook, not the course's reference.

    `shortcuts` are (owner, attribute) pairs the exercise forbids (such as torch.softmax);
    a function that reaches one of them through a global alias fails too. So does a function
    whose code (or code nested in it) imports the course's package, names it in a string
    constant, or looks in `sys.modules`: see `_course_import`. Names in
    `graded_elsewhere` (the student's other answers that `fn` calls) are not inspected here:
    their own questions judge them.
    """
    if not isinstance(fn, types.FunctionType):
        _fail(f"{name} must be a function defined with `def {name}(...)` in this notebook")
    if _is_course_object(fn) or getattr(fn, "__module__", "__main__") != "__main__":
        _fail(
            f"{name} comes from {fn.__module__}, not from this notebook: the exercise is to "
            "write it yourself, so importing the course's reference earns no points"
        )
    reached = _course_import(fn)
    if reached is not None:
        _fail(
            f"{name} reaches the course's package ({_COURSE_PACKAGE}) from inside the function, "
            f"through {reached}: write the exercise yourself; importing the course's reference "
            "earns no points (inside the function body as much as at the top of the cell)"
        )
    forbidden = {id(getattr(owner, attr)) for owner, attr in shortcuts if hasattr(owner, attr)}
    forbidden |= {id(getattr(_C_FUNCTIONS, attr)) for _, attr in shortcuts
                  if hasattr(_C_FUNCTIONS, attr)}
    for ref_name, obj in _referenced_objects(fn):
        if ref_name in graded_elsewhere:
            continue
        if _is_course_object(obj):
            _fail(
                f"{name} uses {ref_name} from the course's package: write the exercise "
                "yourself; calling the reference implementation earns no points"
            )
        if id(obj) in forbidden:
            _fail(f"{name} uses {ref_name}, which this exercise asks you not to call")


@contextlib.contextmanager
def forbid(shortcuts: Sequence[tuple[object, str]], hint: str) -> Iterator[None]:
    """While active, calling any of `shortcuts` raises a GradingError with `hint`."""

    def refuse(*args, **kwargs):
        _fail(hint)

    with patched_each(shortcuts, refuse):
        yield


@contextlib.contextmanager
def patched_each(shortcuts: Sequence[tuple[object, str]], value: object) -> Iterator[None]:
    """While active, each (owner, attribute) pair of `shortcuts` that exists is `value`.

    Self-contained: the grader's outside checks run this source in their sandbox too
    (`pixels_to_gpt_grader.checks.common`), where the package is not installed.
    """
    missing, saved = object(), []
    for owner, attr in shortcuts:
        if hasattr(owner, attr):
            saved.append((owner, attr, owner.__dict__.get(attr, missing)))
            setattr(owner, attr, value)
    try:
        yield
    finally:
        for owner, attr, old in reversed(saved):
            if old is missing:
                delattr(owner, attr)
            else:
                setattr(owner, attr, old)


_MISSING = object()


@contextlib.contextmanager
def replaced(namespace: dict, name: str, value: object) -> Iterator[None]:
    """Temporarily bind `name` to `value` in a namespace (such as a function's globals).

    Hidden tests grade each function on its own: while testing `sample_next_token` they put
    a correct `softmax` in its place, so a wrong softmax loses points only once.
    """
    old = namespace.get(name, _MISSING)
    namespace[name] = value
    try:
        yield
    finally:
        if old is _MISSING:
            namespace.pop(name, None)
        else:
            namespace[name] = old


@contextlib.contextmanager
def using_reference(namespace: dict, module: types.ModuleType, *names: str) -> Iterator[None]:
    """Temporarily put `module`'s functions `names` in place of the student's own.

    A test of `generate` runs it with the reference `sample_next_token`, so a mistake in the
    student's `sample_next_token` costs points once, on its own question.
    """
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(replaced(namespace, name, getattr(module, name)))
        yield


def call_safely(fn: Callable, *args, what: str, **kwargs):
    """Call a student's function; turn an unexpected exception into a readable failure."""
    try:
        return fn(*args, **kwargs)
    except GradingError:
        raise
    except NotImplementedError:
        _fail(f"{what}: not implemented yet (the cell still raises NotImplementedError)")
    except Exception as error:  # any student error becomes a test failure
        _fail(f"{what} raised {type(error).__name__}: {error}")


@contextlib.contextmanager
def patched(owner: object, attr: str, value: object) -> Iterator[None]:
    """Temporarily set `owner.attr` (a module or class attribute) to `value`, as a spy."""
    old = owner.__dict__.get(attr, _MISSING)
    setattr(owner, attr, value)
    try:
        yield
    finally:
        if old is _MISSING:
            delattr(owner, attr)
        else:
            setattr(owner, attr, old)


def assert_filtered_exactly(actual: torch.Tensor, expected: Sequence, what: str) -> None:
    """Where `expected` holds -inf, `actual` must hold exactly -inf (not 0, not -1e9)."""
    for got, want in zip(_flatten(values(actual)), _flatten(expected), strict=False):
        if want == -math.inf and got != -math.inf:
            if got == 0:
                _fail(f"{what}: filtered logits must be float('-inf'), not 0: a logit of 0 "
                      "still has a large probability")
            if got < -1e3:
                _fail(f"{what}: filtered logits must be exactly float('-inf'), not a large "
                      f"negative number like {got:g}: only -inf gives probability exactly 0")
