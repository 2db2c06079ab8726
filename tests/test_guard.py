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
