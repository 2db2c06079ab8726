"""What the hidden tests of chapter 3 share; runs in the student's kernel at grading time; not
shipped to students.

In-place writes are caught with torch's own write counter (`versions`), and the expected
cosines and rankings are computed in plain Python from lists of floats (`cosines`,
`expected_cosines`, `cosines_with`, `ranked`), with nothing the student's code can replace.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import torch

from pixels_to_gpt.grading import guard

versions = guard.write_counts  # how often each tensor was written in place


def version(t: torch.Tensor) -> int:
    """How often the tensor was written in place, by torch's own counter."""
    return guard.write_counts(t)[0]


def in_place_hint(what: str) -> str:
    """The failure message for a function that wrote into a tensor it was given."""
    return guard.in_place_hint(what, "x.clamp_(...), x[...] = ..., x /= ... or .nan_to_num_()",
                               "x.clamp(...), x / n, torch.where(...)")


def cosines(rows_a: list[list[float]], rows_b: list[list[float]],
            eps: float = 1e-8) -> list[list[float]]:
    """Plain-Python cosines of every row of rows_a with every row of rows_b.

    Each length is max(length, eps), so a zero vector has cosine 0 with anything.
    """
    def length(v: list[float]) -> float:
        return max(math.sqrt(sum(x * x for x in v)), eps)
    return [[sum(x * y for x, y in zip(u, v, strict=False)) / (length(u) * length(v))
             for v in rows_b] for u in rows_a]


def expected_cosines(x: torch.Tensor, y: torch.Tensor) -> list:
    """The plain-Python cosines of x and y, shaped as cosine_similarity(x, y) must return them.

    A vector (C,) counts as one row whose dimension is dropped: (C,) with (M, C) gives (M,),
    (N, C) with (C,) gives (N,), two vectors give a number.
    """
    rows_x = [guard.values(x)] if x.dim() == 1 else guard.values(x)
    rows_y = [guard.values(y)] if y.dim() == 1 else guard.values(y)
    want = cosines(rows_x, rows_y)
    return ([want[0][j] for j in range(len(rows_y))] if x.dim() == 1
            else [r[0] for r in want] if y.dim() == 1 else want)


def cosines_with(query: list[float], rows: list[list[float]]) -> list[float]:
    """Plain-Python cosines of one vector with every row (eps = 1e-8)."""
    return cosines([query], rows)[0]


def ranked(scores: list[float], exclude: Collection[int]) -> list[int]:
    """The ids of `scores`, largest score first, the ids in `exclude` left out."""
    return sorted((i for i in range(len(scores)) if i not in exclude), key=lambda i: -scores[i])
