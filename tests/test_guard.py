"""The grading guard: it notices tampering and borrowed solutions, and leaves torch intact."""

from __future__ import annotations

import builtins

import pytest
import torch
import torch.nn.functional as F

from pixels_to_gpt import sampling
from pixels_to_gpt.grading import guard


def test_untouched_torch_is_not_reported():
    assert guard.tampered() == []
    guard.check_untampered((F, "scaled_dot_product_attention"), (F, "layer_norm"))


@pytest.mark.parametrize("owner,name", [(torch, "allclose"), (torch, "multinomial"),
                                        (torch.testing, "assert_close"), (builtins, "all")])
def test_replacements_are_reported(monkeypatch, owner, name):
    monkeypatch.setattr(owner, name, lambda *a, **k: True)
    with pytest.raises(AssertionError, match="replaces"):
        guard.check_untampered()


def test_replaced_tensor_method_is_reported(monkeypatch):
    monkeypatch.setattr(torch.Tensor, "__eq__", lambda a, b: True)
    assert "torch.Tensor.__eq__" in guard.tampered()


def test_borrowed_reference_is_refused():
    with pytest.raises(AssertionError, match="not from this notebook"):
        guard.check_own_function(sampling.softmax, "softmax")
    namespace = {"reference": sampling}
    exec("def softmax(x, dim=-1):\n    return reference.softmax(x, dim)", namespace)
    namespace["softmax"].__module__ = "__main__"
    with pytest.raises(AssertionError, match="course's package"):
        guard.check_own_function(namespace["softmax"], "softmax")


def test_forbidden_shortcut_is_refused_and_restored():
    namespace = {"torch": torch}
    exec("def softmax(x, dim=-1):\n    return torch.softmax(x, dim)", namespace)
    fn = namespace["softmax"]
    with guard.forbid(guard.SOFTMAX_SHORTCUTS, "write it yourself"):
        with pytest.raises(AssertionError, match="write it yourself"):
            fn(torch.zeros(2))
    assert torch.allclose(fn(torch.zeros(2)), torch.tensor([0.5, 0.5]))
    assert guard.tampered() == []


def test_comparisons_do_not_trust_the_kernel(monkeypatch):
    monkeypatch.setattr(torch, "allclose", lambda *a, **k: True)
    with pytest.raises(AssertionError, match="wrong"):
        guard.assert_close(torch.tensor([1.0, 2.0]), [1.0, 2.5], "wrong")
    guard.assert_close(torch.tensor([1.0, -float("inf")]), [1.0, -float("inf")], "fine")


def _notebook_function(source: str, **names) -> object:
    """The function `softmax` defined by `source`, as a notebook cell would define it."""
    namespace = {"__name__": "__main__", "torch": torch, **names}
    exec(source, namespace)
    return namespace["softmax"]


@pytest.mark.parametrize("body", [
    "    from pixels_to_gpt.sampling import softmax as s\n    return s(x, dim)",
    "    import pixels_to_gpt.sampling as m\n    return m.softmax(x, dim)",
    "    from pixels_to_gpt import sampling\n    return sampling.softmax(x, dim)",
    "    return __import__('pixels_to_gpt.sampling', fromlist=['x']).softmax(x, dim)",
    "    return importlib.import_module('pixels_to_gpt.sampling').softmax(x, dim)",
    "    import importlib as il\n"
    "    return il.import_module('pixels_to' + '_gpt.sampling').softmax(x, dim)",
    "    return sys.modules['pixels_to_gpt.sampling'].softmax(x, dim)",
    "    m = [v for k, v in sys.modules.items() if k.endswith('.sampling')][0]\n"
    "    return m.softmax(x, dim)",
    "    import sys as s\n"
    "    return [v for k, v in s.modules.items() if k.endswith('.sampling')][0].softmax(x, dim)",
    "    from sys import modules\n"
    "    return [v for k, v in modules.items() if k.endswith('.sampling')][0].softmax(x, dim)",
    "    find = lambda: __import__('pixels_to_gpt.sampling').sampling\n"
    "    return find().softmax(x, dim)",
    "    def find():\n        from pixels_to_gpt import sampling\n        return sampling\n"
    "    return find().softmax(x, dim)",
    "    return [__import__(n) for n in ['pixels_to_gpt.sampling']][0].sampling.softmax(x, dim)",
], ids=["from-import", "import-as", "from-package", "dunder-import", "importlib",
        "local-importlib", "sys-modules-key", "sys-modules-scan", "local-sys", "from-sys",
        "lambda", "inner-function", "comprehension"])
def test_importing_the_reference_inside_the_body_is_refused(body):
    import importlib
    import sys

    fn = _notebook_function(f"def softmax(x, dim=-1):\n{body}\n", importlib=importlib, sys=sys)
    assert torch.allclose(fn(torch.zeros(2)), torch.tensor([0.5, 0.5]))  # it works, borrowed
    with pytest.raises(AssertionError, match="importing the course's reference earns no points"):
        guard.check_own_function(fn, "softmax")


def test_sys_modules_as_a_global_alias_is_refused():
    import sys

    fn = _notebook_function("def softmax(x, dim=-1):\n"
                            "    m = [v for k, v in mods.items() if k.endswith('.sampling')]\n"
                            "    return m[0].softmax(x, dim)\n",
                            mods=sys.modules)
    with pytest.raises(AssertionError, match="earns no points"):
        guard.check_own_function(fn, "softmax")


def test_ordinary_functions_pass():
    import math
    import sys

    sources = [
        "def softmax(x, dim=-1):\n"
        "    '''Mine, not pixels_to_gpt.sampling.softmax.'''\n"  # a docstring is not code
        "    e = torch.exp(x - x.amax(dim, keepdim=True))\n"
        "    return e / e.sum(dim, keepdim=True)\n",
        "def softmax(x, dim=-1):\n"
        "    import torch.nn.functional as fn\n"
        "    scale = math.exp(0) + sys.float_info.epsilon * 0\n"
        "    e = [torch.exp(r - r.max()) for r in x.unsqueeze(0)][0]\n"
        "    return fn.normalize(e, p=1, dim=dim) * scale\n",
        "def softmax(x, dim=-1):\n"
        "    def stable(t):\n"
        "        return t - t.amax(dim, keepdim=True)\n"
        "    e = (lambda t: torch.exp(stable(t)))(x)\n"
        "    return e / e.sum(dim, keepdim=True)\n",
    ]
    for source in sources:
        fn = _notebook_function(source, math=math, sys=sys)
        assert torch.allclose(fn(torch.zeros(2)), torch.tensor([0.5, 0.5]))
        guard.check_own_function(fn, "softmax", guard.SOFTMAX_SHORTCUTS)
