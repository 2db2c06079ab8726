"""Expected values for hidden tests, computed in plain Python (no torch to tamper with):
the softmax that chapters 4 and 7 check against (chapter 7's filters are in `ch07_sampling`).

Inputs and outputs are (nested) lists of floats.

>>> [round(p, 4) for p in softmax_row([1000.0, 1001.0])]
[0.2689, 0.7311]
"""

from __future__ import annotations

import math

NEG_INF = float("-inf")


def softmax_row(row: list[float]) -> list[float]:
    top = max(row)
    exps = [0.0 if x == NEG_INF else math.exp(x - top) for x in row]
    total = sum(exps)
    return [e / total for e in exps]


def shape(nested) -> tuple[int, ...]:
    dims = []
    while isinstance(nested, list):
        dims.append(len(nested))
        nested = nested[0] if nested else None
    return tuple(dims)


def softmax_along(nested: list, dim: int) -> list:
    """Softmax of a nested list along axis `dim` (negative counts from the end)."""
    dims = shape(nested)
    dim %= len(dims)
    # walk every index of the other axes; each names one line along `dim`
    out = _copy(nested)
    other = [range(n) for i, n in enumerate(dims) if i != dim]
    for index in _product(other):
        line = [_get(nested, index[:dim] + (j,) + index[dim:]) for j in range(dims[dim])]
        for j, p in enumerate(softmax_row(line)):
            _set(out, index[:dim] + (j,) + index[dim:], p)
    return out


def _copy(nested):
    return [_copy(x) for x in nested] if isinstance(nested, list) else nested


def _product(ranges):
    if not ranges:
        yield ()
        return
    for i in ranges[0]:
        for rest in _product(ranges[1:]):
            yield (i,) + rest


def _get(nested, index):
    for i in index:
        nested = nested[i]
    return nested


def _set(nested, index, value):
    for i in index[:-1]:
        nested = nested[i]
    nested[index[-1]] = value
