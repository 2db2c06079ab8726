"""What chapter 7's hidden tests compare with: the filters in plain Python (no torch to tamper
with), on lists of floats. Runs in the student's kernel at grading time; not shipped to
students (`oracles.softmax_row` is the softmax they share with chapter 4).
"""

from __future__ import annotations

from pixels_to_gpt.grading.oracles import NEG_INF, softmax_row


def top_k_row(row: list[float], k: int) -> list[float]:
    """The row with every entry below its k-th largest at -inf (ties with it kept)."""
    if k >= len(row):
        return list(row)
    kth = sorted(row, reverse=True)[k - 1]
    return [x if x >= kth else NEG_INF for x in row]


def top_p_row(row: list[float], p: float) -> list[float]:
    """The row with only its smallest most-likely set holding probability >= p kept."""
    probs = softmax_row(row)
    order = sorted(range(len(row)), key=lambda i: -probs[i])
    keep, mass = set(), 0.0
    for i in order:
        if mass >= p:
            break
        keep.add(i)
        mass += probs[i]
    return [x if i in keep else NEG_INF for i, x in enumerate(row)]


def top_p_margin(row: list[float], p: float) -> float:
    """How far `p` is from a cumulative probability of the sorted row (small: ambiguous)."""
    probs = sorted(softmax_row(row), reverse=True)
    cumulative, best = 0.0, 1.0
    for q in probs:
        cumulative += q
        best = min(best, abs(cumulative - p))
    return best
