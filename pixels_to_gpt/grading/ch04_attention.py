"""What the hidden tests of chapter 4 (attention) share.

Runs in the student's kernel at grading time, imported by the hidden part of a test cell after
its `check_untampered()`; not shipped to students (their edition keeps only the grading
modules they validate with).
"""

from __future__ import annotations

import torch

from pixels_to_gpt.grading import guard


def write_count(t: torch.Tensor) -> int:
    """How many in-place writes torch has counted on `t` (or on a view of it)."""
    return guard.write_counts(t)[0]


def assert_unwritten(x: torch.Tensor, before: list, written: int, name: str) -> None:
    """Fail when `name` changed its input `x`, whose values were `before` and write count `written`.

    First the values (a change shows), then torch's write counter (a write that changed no value
    shows too).
    """
    assert guard.values(x) == before, f"{name} changed its input in place"
    assert write_count(x) == written, (
        f"{name} wrote into the tensor it was given (an in-place operation such as x.resize_,"
        " x.transpose_ or x[...] = ..., on the tensor or on a view of it), even where it changed "
        "no value here: return a new view or tensor (x.view(...), x.transpose(...), "
        "x.reshape(...))")
