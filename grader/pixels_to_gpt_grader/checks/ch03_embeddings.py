"""Chapter 3's outside checks: co-occurrence counts, cosine similarity, neighbours, analogies.

The cases follow the hidden tests (and are no stricter), with fresh random texts, tables and
vectors for each submission (`SEED`). Expected values come from `pixels_to_gpt.embeddings`,
computed outside the sandbox. As in the hidden tests, a function may not write into a tensor
it was given even where no value changes (torch's own write counter tells), and the shortcuts
the exercise forbids refuse to work while the student's function runs.
"""

from __future__ import annotations

from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question

PRELUDE = """
import torch
import torch.nn.functional as F

torch.manual_seed(0)
"""

FIXTURES = common.FIXTURES + '''
import random


def randint(below, shape, offset):
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randint(0, below, shape, generator=g)


def scaled(rows, cols, lengths, offset):
    """float64 rows of very different lengths: row i times lengths[i]."""
    return randn(rows, cols, offset=offset, dtype=torch.float64) * torch.tensor(
        lengths, dtype=torch.float64)[:, None]


# --- cooccurrence_counts ---------------------------------------------------------------
def text(length, vocab_size, offset):
    """A random text of `length` ids in -1 .. vocab_size - 1 (-1: a word outside the
    vocabulary)."""
    g = torch.Generator().manual_seed(SEED + offset)
    return torch.randint(-1, vocab_size, (length,), generator=g)


# --- cosine_similarity ------------------------------------------------------------------
COSINE_SHORTCUTS = ((F, "cosine_similarity"), (torch, "cosine_similarity"),
                    (torch.nn.CosineSimilarity, "forward"))


def cosine(function, a, b, **kwargs):
    with forbidding(COSINE_SHORTCUTS, "cosine_similarity may not call F.cosine_similarity, "
                    "torch.cosine_similarity or nn.CosineSimilarity: compute it from a dot "
                    "product and the lengths"):
        return in_dtype_of(untouched(function, a, b, **kwargs), a)


def rows_of_many_lengths():
    """The hidden tests' a (5, 8) and b (4, 8), drawn afresh."""
    a = scaled(5, 8, [0.01, 1.0, 30.0, 2.0, 0.5], 1)
    b = scaled(4, 8, [5.0, 0.2, 1.0, 80.0], 2)
    return a, b


# --- nearest_neighbours -----------------------------------------------------------------
def words(offset=10):
    """12 rows of 5 coordinates and very different lengths: the longest rows are not the most
    similar ones."""
    lengths = torch.exp(randn(12, 1, offset=offset, dtype=torch.float64) * 1.5)
    return randn(12, 5, offset=offset + 1, dtype=torch.float64) * lengths


def near(row, offset=10):
    """A query pointing almost like row `row` of words(offset), which is then its nearest."""
    vector = words(offset)[row]
    return vector * 0.5 + randn(5, offset=offset + 2, dtype=torch.float64) * 0.01 * vector.norm()


def excluded(count, offset):
    return random.Random(SEED * 1000 + offset).sample(range(12), count)


def own_row(row, k, exclude, offset=10):
    """(table[row], table, k, exclude): the query is a row of the table itself (a view)."""
    table = words(offset)
    return table[row], table, k, exclude


# --- analogy ----------------------------------------------------------------------------
def planted(a, b, c, d, offset=30):
    """words(offset) with row d moved close to b - a + c: the analogy has a clear answer."""
    table = words(offset)
    noise = randn(5, offset=offset + 5, dtype=torch.float64) * 0.05
    table[d] = (table[b] - table[a] + table[c]) * 0.8 + noise * table[c].norm()
    return table
'''


def _counts_cases() -> tuple[Case, ...]:
    hand_made = (("[0, 0, 1, 0, 0]", 2, 1), ("[0, 0, 1, 0, 0]", 2, 2),
                 ("[-1, 3, 1, -1, -1, 2, 3, -1]", 5, 3), ("[4, 1, 4, 1, 4]", 6, 4),
                 ("[2]", 3, 2), ("[1, 2, 0]", 3, 7), ("[0, -1, 1, 1]", 4, 1))
    cases = [Case(f"hand{i}", f"(torch.tensor({ids}), {v}, {w})",
                  f"ids {ids}, vocab_size={v}, window={w}", compare="exact")
             for i, (ids, v, w) in enumerate(hand_made)]
    for i, (n, v, w) in enumerate(((40, 6, 1), (60, 9, 2), (80, 12, 3), (50, 20, 5))):
        cases.append(Case(f"random{i}", f"(text({n}, {v}, {20 + i}), {v}, {w})",
                          f"a random text of {n} ids, vocab_size={v}, window={w}",
                          compare="exact"))
    return tuple(cases)


def _cosine_cases() -> tuple[Case, ...]:
    tight = {"rtol": 1e-6, "atol": 1e-9}
    cases = [
        Case("lengths", "rows_of_many_lengths()", "a (5, 8), b (4, 8), rows of very different "
             "lengths", rtol=1e-5, atol=1e-6),
        Case("scaled", "(rows_of_many_lengths()[0], rows_of_many_lengths()[1] * 10)",
             "a, 10 * b (the cosine does not depend on the lengths)", rtol=1e-5, atol=1e-6),
        Case("zero", "(torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5], [0.0, 0.0, 0.0]]),) * 2",
             "rows with zero vectors, against themselves (a zero vector's cosine is 0)",
             rtol=1e-5, atol=1e-6),
        Case("short", "(scaled(3, 6, [1e-6, 3e-7, 2e-5], 3), scaled(4, 6, [1.0, 1e-6, 5e-7, 10.0],"
             " 4))", "short vectors (lengths about 1e-6, longer than eps = 1e-8)", **tight),
        Case("eps", "(randn(3, 4, offset=5, dtype=torch.float64) * 0.05, "
             "randn(2, 4, offset=6, dtype=torch.float64) * 0.05)",
             "vectors shorter than eps, eps=0.5", kwargs="{'eps': 0.5}", **tight),
    ]
    # a matrix of one row is still a matrix: only a vector (C,) loses its dimension
    shapes = (("[:1]", "", "a (1, 8), b (4, 8)"), ("", "[2:3]", "a (5, 8), b (1, 8)"),
              ("[3:4]", "[1:2]", "a (1, 8), b (1, 8)"), ("[:1]", "[0]", "a (1, 8), b a vector"),
              ("[0]", "[:1]", "a a vector, b (1, 8)"), ("[1]", "", "a a vector, b (4, 8)"),
              ("", "[2]", "a (5, 8), b a vector"), ("[1]", "[3]", "two vectors"))
    for i, (x, y, says) in enumerate(shapes):
        cases.append(Case(f"shape{i}", f"(rows_of_many_lengths()[0]{x}.clone(), "
                          f"rows_of_many_lengths()[1]{y}.clone())", says, rtol=1e-5, atol=1e-6))
    return tuple(cases)


def _neighbours_cases() -> tuple[Case, ...]:
    cases = [Case(f"k{k}", f"(randn(5, offset=13, dtype=torch.float64), words(), {k}, ())",
                  f"a random query, 12 rows of very different lengths, k={k}", compare="exact")
             for k in (1, 4, 6)]
    cases += [
        Case("exclude_best", "(near(3), words(), 4, [3])",
             "a query pointing almost like row 3, k=4, exclude=[3]", compare="exact"),
        Case("exclude_three", "(near(8), words(), 5, tuple(excluded(3, 1)))",
             "a query pointing almost like row 8, k=5, three random rows excluded (a tuple)",
             compare="exact"),
        Case("all_left", "(near(5), words(), 10, excluded(2, 2))",
             "k=10, two random rows excluded: all the rows left, some with negative cosines",
             compare="exact"),
        Case("all_left_first", "(near(0), words(), 11, [0])",
             "k=11, exclude=[0]: all the rows left", compare="exact"),
        Case("own", "own_row(7, 3, ())", "table[7], table, k=3 (a row is its own nearest)",
             compare="exact"),
        Case("own_excluded", "own_row(7, 3, [7])", "table[7], table, k=3, exclude=[7]",
             compare="exact"),
    ]
    return tuple(cases)


def _analogy_cases() -> tuple[Case, ...]:
    cases = []
    for i, (a, b, c, k) in enumerate(((0, 1, 2, 1), (3, 7, 5, 4), (9, 2, 11, 9), (10, 4, 0, 6))):
        cases.append(Case(f"random{i}", f"(words(40), {a}, {b}, {c}, {k})",
                          f"12 random rows of very different lengths, a={a}, b={b}, c={c}, k={k}",
                          compare="exact"))
    cases += [
        Case("planted", "(planted(6, 8, 10, 4), 6, 8, 10, 3)",
             "a=6, b=8, c=10, k=3, row 4 close to b - a + c", compare="exact"),
        Case("swapped", "(planted(6, 8, 10, 4), 8, 6, 10, 3)",
             "a=8, b=6, c=10, k=3 (a and b swapped)", compare="exact"),
    ]
    return tuple(cases)


CHECKS = Assignment("pixels_to_gpt.embeddings", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_cooccurrence_counts", "cooccurrence_counts", _counts_cases(),
             driver="untouched"),
    Question("test_cosine_similarity", "cosine_similarity", _cosine_cases(),
             driver="cosine"),
    # nearest_neighbours is checked with the course's cosine_similarity in place
    Question("test_nearest_neighbours", "nearest_neighbours", _neighbours_cases(),
             driver="untouched", needs=("cosine_similarity",)),
    # analogy with the course's cosine_similarity and nearest_neighbours in place
    Question("test_analogy", "analogy", _analogy_cases(), driver="untouched",
             needs=("cosine_similarity", "nearest_neighbours")),
))
