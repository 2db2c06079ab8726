"""The hidden tests: the test cells of solutions/ch03_embeddings/embeddings.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_cooccurrence_counts
from pixels_to_gpt.grading import guard

guard.check_untampered()  # the checks below use torch.equal: it must be torch's own
guard.check_own_function(cooccurrence_counts, "cooccurrence_counts")  # your own code, not the course's reference
vocabulary = ["the", "cat", "sat", "on", "mat"]
text = "the cat sat on the mat".split()
ids = torch.tensor([vocabulary.index(w) for w in text])  # [0, 1, 2, 3, 0, 4]
writes = ids._version  # torch counts each tensor's in-place writes
counts = cooccurrence_counts(ids, len(vocabulary), window=1)
print("window 1, rows and columns in the order", vocabulary, ":\n", counts)
assert ids._version == writes and ids.tolist() == [0, 1, 2, 3, 0, 4], (
    "cooccurrence_counts wrote into the ids it was given (such as ids[ids < 0] = 0): leave them "
    "as they are and compute new tensors (ids[known], torch.where(...))")
assert isinstance(counts, torch.Tensor) and counts.shape == (5, 5), (
    f"a vocabulary of 5 words must give counts of shape (5, 5), not {tuple(getattr(counts, 'shape', ()))}")
assert counts.dtype == torch.float32, (
    f"return the counts as torch.float32, not {counts.dtype}: convert them with .float()")
assert counts.diagonal().tolist() == [0.0] * 5, (
    f"no word of 'the cat sat on the mat' is repeated within 1 word, so the diagonal must be all 0, "
    f"got {counts.diagonal().tolist()}: a position is never its own neighbour. Start the offsets "
    "at 1 (range(1, window + 1)), not at 0")
assert torch.equal(counts, counts.T), (
    "counts must be symmetric: 'cat' follows 'the', so 'the' is in the company of 'cat' AND 'cat' "
    "in that of 'the'. Count the neighbours on both sides, each pair once in each direction")
window_1 = [[0, 1, 0, 1, 1], [1, 0, 1, 0, 0], [0, 1, 0, 1, 0], [1, 0, 1, 0, 0], [1, 0, 0, 0, 0]]
assert counts.tolist() == window_1, (
    f"with window=1 the counts must be {window_1}, got {counts.tolist()}: each pair of words "
    "next to each other counts 1 in each direction (not 1/2, not 2; the offsets are 1 .. window, "
    "range(1, window + 1)), and the text does not wrap around (the first word has no left "
    "neighbour: check that positions stay in 0 .. N-1)")
counts = cooccurrence_counts(ids, 5, window=2)
window_2 = [[0, 1, 2, 1, 1], [1, 0, 1, 1, 0], [2, 1, 0, 1, 0], [1, 1, 1, 0, 1], [1, 0, 0, 1, 0]]
assert counts.tolist() == window_2, (
    f"with window=2 the counts must be {window_2}, got {counts.tolist()} (with window=1 they were "
    f"right): every word up to `window` positions away on each side counts, offsets 1, 2, ..., "
    "window (range(1, window + 1)): not one fewer, not one more")
counts = cooccurrence_counts(torch.tensor([0, -1, 1, 1]), 4, window=1)
print("'the [unknown] cat cat', window 1, a vocabulary of 4 words:\n", counts)
assert counts.shape == (4, 4), (
    f"vocab_size=4 must give shape (4, 4) even when the last words do not occur, not "
    f"{tuple(counts.shape)}: use vocab_size, not ids.max() + 1 (bincount needs minlength=V * V)")
assert counts.tolist() == [[0, 0, 0, 0], [0, 2, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], (
    f"in 'the [-1] cat cat' with window=1, only 'cat cat' are neighbours (counted on the diagonal, "
    f"once each way: 2), got {counts.tolist()}: a word outside the vocabulary (-1) counts for "
    "nobody (don't index with it: -1 is the last row), and it still takes its place in the text "
    "(don't remove it before counting, or 'the' and 'cat' become neighbours)")
assert cooccurrence_counts(torch.tensor([2, 0]), 3, window=5).tolist() == [[0, 0, 1], [0, 0, 0], [1, 0, 0]], (
    "a window longer than the text must count each pair once in each direction")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch03_embeddings as _c3
_g.check_untampered()
_g.check_own_function(cooccurrence_counts, "cooccurrence_counts")


def _expected(ids, vocab_size, window):
    """Plain Python: the pairs of positions at most `window` apart, both ways, p != q."""
    counts = [[0.0] * vocab_size for _ in range(vocab_size)]
    for p, i in enumerate(ids):
        for q in range(max(0, p - window), min(len(ids), p + window + 1)):
            if q != p and i >= 0 and ids[q] >= 0:
                counts[i][ids[q]] += 1.0
    return counts


def _check(ids, vocab_size, window, what):
    _before = _g.values(ids)
    _written = _c3.version(ids)
    _got = _g.call_safely(cooccurrence_counts, ids, vocab_size, window, what=what)
    assert isinstance(_got, torch.Tensor), f"{what} must return a tensor, got {type(_got).__name__}"
    assert _c3.version(ids) == _written and _g.values(ids) == _before, (
        f"{what} wrote into the ids it was given: leave them as they are and compute new tensors")
    assert _g.shape_of(_got) == (vocab_size, vocab_size), (
        f"{what} must have shape ({vocab_size}, {vocab_size}), got {_g.shape_of(_got)}: use "
        "vocab_size, not ids.max() + 1")
    assert _got.dtype == torch.float32, f"{what} must be torch.float32, not {_got.dtype}"
    _want = _expected(_before, vocab_size, window)
    _have = _g.values(_got)
    if _have != _want:
        _diag = [_have[i][i] for i in range(vocab_size)]
        _hint = ("every word up to `window` positions away on either side counts once in each "
                 "direction (offsets 1 .. window), a position never with itself, -1 for nobody "
                 "(but it keeps its place), and the text does not wrap around")
        if any(_have[i][j] != _have[j][i] for i in range(vocab_size) for j in range(vocab_size)):
            _hint = "counts must be symmetric: count the neighbours on both sides; " + _hint
        elif _diag != [_want[i][i] for i in range(vocab_size)]:
            _hint = "the diagonal is wrong (a position is never its own neighbour); " + _hint
        raise AssertionError(f"{what} is wrong: {_hint}.\n  ids: {_before[:24]}"
                             f"{' ...' if len(_before) > 24 else ''}")


# hand-made texts: repeats, unknown words at the ends and in the middle, short texts
_check(torch.tensor([0, 0, 1, 0, 0]), 2, 1, "cooccurrence_counts([0, 0, 1, 0, 0], 2, window=1)")
_check(torch.tensor([0, 0, 1, 0, 0]), 2, 2, "cooccurrence_counts([0, 0, 1, 0, 0], 2, window=2)")
_check(torch.tensor([-1, 3, 1, -1, -1, 2, 3, -1]), 5, 2,
       "cooccurrence_counts([-1, 3, 1, -1, -1, 2, 3, -1], 5, window=2)")
_check(torch.tensor([-1, 3, 1, -1, -1, 2, 3, -1]), 5, 3,
       "cooccurrence_counts([-1, 3, 1, -1, -1, 2, 3, -1], 5, window=3)")
_check(torch.tensor([4, 1, 4, 1, 4]), 6, 4, "cooccurrence_counts([4, 1, 4, 1, 4], 6, window=4)")
_check(torch.tensor([2]), 3, 2, "cooccurrence_counts([2], 3, window=2) (a text of one word)")
_check(torch.tensor([1, 2, 0]), 3, 7, "cooccurrence_counts([1, 2, 0], 3, window=7)")
# random texts with unknown words
_gen = torch.Generator().manual_seed(31)
for _n, _v, _w in ((40, 6, 1), (60, 9, 2), (80, 12, 3), (50, 20, 5)):
    _ids = torch.randint(-1, _v, (_n,), generator=_gen)
    _check(_ids, _v, _w, f"cooccurrence_counts(a random text of {_n} ids, {_v}, window={_w})")
### END HIDDEN TESTS


# %% test_cosine_similarity
from pixels_to_gpt.grading import guard

guard.check_untampered()  # the checks below use torch.allclose: it must be torch's own
guard.check_own_function(cosine_similarity, "cosine_similarity")  # your own code, not the course's reference
a = torch.tensor([[1.0, 0.0], [1.0, 1.0]])
b = torch.tensor([[3.0, 0.0], [0.0, 2.0], [-1.0, 0.0]])
with guard.forbid([(F, "cosine_similarity"), (torch, "cosine_similarity"), (torch.nn.CosineSimilarity, "forward")],
                  "cosine_similarity may not call F.cosine_similarity, torch.cosine_similarity or "
                  "nn.CosineSimilarity: compute it from a dot product and the lengths"):
    a_given, b_given = a.clone(), b.clone()
    writes = [a_given._version, b_given._version]  # torch counts each tensor's in-place writes
    try:
        similarity = cosine_similarity(a_given, b_given)
    except RuntimeError as error:
        raise AssertionError(f"cosine_similarity(a, b) failed for a of shape (2, 2) and b of shape (3, 2): {error}. "
                             "Compare every row of a with every row of b (a_unit @ b_unit.T), not row i with row i") from error
print("cosines:\n", similarity)
assert torch.equal(a_given, a) and torch.equal(b_given, b), (
    "cosine_similarity changed its inputs in place: compute a / length as a new tensor (not a /= ... or a.div_())")
assert [a_given._version, b_given._version] == writes, (
    "cosine_similarity wrote into a tensor it was given (such as a.clamp_(...)), even where it "
    "changed no value: leave the inputs as they are and compute new tensors")
assert similarity.shape == (2, 3), f"2 rows against 3 rows must give shape (2, 3), not {tuple(similarity.shape)}"
half = 0.5 ** 0.5
assert torch.allclose(similarity, torch.tensor([[1.0, 0.0, -1.0], [half, half, -half]])), ("entry [i, j] must be the cosine of a[i] and b[j], a[i]·b[j] / (|a[i]| |b[j]|): divide by the lengths of both "
                                                                                          "vectors, each row by its own length (the norm over the last dimension, dim=-1)")
one_row = cosine_similarity(a[:1], b)
assert one_row.shape == (1, 3), (f"a of shape (1, 2) and b of shape (3, 2) must give shape (1, 3), not {tuple(one_row.shape)}: "
                                 "a matrix of one row, (1, C), is still a matrix, so its dimension stays; only a "
                                 "vector (C,) loses its dimension. Don't squeeze the result")
zero = cosine_similarity(torch.zeros(2), torch.tensor([1.0, 2.0]))
print("cosine of the zero vector with (1, 2):", zero)
assert zero.shape == () and zero.item() == 0.0, ("the cosine of the zero vector with anything must be 0, not nan, and for two vectors a single "
                                                 "number (shape ()): divide by max(length, eps)")
# short vectors, but longer than eps = 1e-8: an ordinary cosine, 3/5
short = cosine_similarity(torch.tensor([1e-6, 0.0], dtype=torch.float64), torch.tensor([3e-6, 4e-6], dtype=torch.float64))
assert abs(short.item() - 0.6) < 1e-6, (
    f"cosine_similarity(a, b) is wrong for short vectors, (1e-6, 0) and (3e-6, 4e-6), which are "
    f"longer than eps = 1e-8: expected 0.6, got {short.item():.4g}. eps bounds the length itself, "
    "max(length, eps): clamp the norm, vector_norm(a, dim=-1, keepdim=True).clamp(min=eps), not the "
    "sum of squares, and don't add eps under the square root")
# vectors shorter than eps = 0.5 are divided by 0.5: (0.1 * 0.3) / (0.5 * 0.5) = 0.12
clamped = cosine_similarity(torch.tensor([0.1, 0.0]), torch.tensor([0.3, 0.0]), eps=0.5)
assert abs(clamped.item() - 0.12) < 1e-6, (
    f"cosine_similarity((0.1, 0), (0.3, 0), eps=0.5) should be 0.1 * 0.3 / (0.5 * 0.5) = 0.12, got "
    f"{clamped.item():.4g}: each length is replaced by max(length, eps); check that it uses its eps "
    "argument (not a fixed 1e-8)")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch03_embeddings as _c3
import math as _math
_COSINE_SHORTCUTS = ((F, "cosine_similarity"), (torch, "cosine_similarity"),
                     (torch.nn.CosineSimilarity, "forward"))
_g.check_untampered()
_g.check_own_function(cosine_similarity, "cosine_similarity", _COSINE_SHORTCUTS)
with _g.forbid(_COSINE_SHORTCUTS, "cosine_similarity may not call F.cosine_similarity, "
               "torch.cosine_similarity or nn.CosineSimilarity: compute it from a dot product "
               "and the lengths"):
    _gen = torch.Generator().manual_seed(5)
    # rows of very different lengths: the cosine must not care
    _a = torch.randn(5, 8, generator=_gen, dtype=torch.float64) * torch.tensor([[0.01], [1.0], [30.0], [2.0], [0.5]], dtype=torch.float64)
    _b = torch.randn(4, 8, generator=_gen, dtype=torch.float64) * torch.tensor([[5.0], [0.2], [1.0], [80.0]], dtype=torch.float64)
    _a_before, _b_before = _g.values(_a), _g.values(_b)
    _written = _c3.versions(_a, _b)
    _s = _g.call_safely(cosine_similarity, _a, _b, what="cosine_similarity(a of shape (5, 8), b of "
                        "shape (4, 8)) [it must compare every row of a with every row of b: "
                        "a_unit @ b_unit.T]")
    assert _g.shape_of(_s) == (5, 4), (
        f"a of shape (5, 8) and b of shape (4, 8) must give shape (5, 4), got {_g.shape_of(_s)}: "
        "compare every row of a with every row of b (one matrix product, a_unit @ b_unit.T)")
    _s10 = _g.call_safely(cosine_similarity, _a, _b * 10, what="cosine_similarity(a, 10 * b)")
    _g.assert_close(_s10, _g.values(_s), "cosine_similarity changed when the vectors of b were "
                    "scaled by 10: the cosine must not depend on the lengths (divide the dot "
                    "product by the lengths of both vectors, not only one)")
    _g.assert_close(_s, _c3.cosines(_a_before, _b_before), "cosine_similarity(a, b) is wrong: entry "
                    "[i, j] must be a[i]·b[j] / (|a[i]| |b[j]|), each row divided by its own "
                    "length (the norm over the last dimension, dim=-1)")
    assert _g.values(_a) == _a_before and _g.values(_b) == _b_before, (
        "cosine_similarity changed its inputs in place: compute a / length as a new tensor "
        "(not a /= ... or a.div_())")
    assert _c3.versions(_a, _b) == _written, _c3.in_place_hint("cosine_similarity")

    _z = torch.tensor([[0.0, 0.0, 0.0], [1.0, -2.0, 0.5], [0.0, 0.0, 0.0]])
    _s = _g.call_safely(cosine_similarity, _z, _z, what="cosine_similarity with zero vectors")
    _got = _g.values(_s)
    assert not any(_math.isnan(x) for r in _got for x in r), (
        f"the cosine with a zero vector came out as nan ({_got}): the zero vector has no "
        "direction, its cosine with anything must be 0. Divide by max(length, eps) "
        "(.clamp(min=eps)) instead of the length")
    _g.assert_close(_s, [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]], "the cosine of a zero "
                    "vector with anything (a zero vector included) must be 0; a vector with "
                    "itself has cosine 1")

    # short vectors, but longer than eps = 1e-8: their cosines are ordinary cosines
    _ta = torch.randn(3, 6, generator=_gen, dtype=torch.float64) * torch.tensor([[1e-6], [3e-7], [2e-5]], dtype=torch.float64)
    _tb = torch.randn(4, 6, generator=_gen, dtype=torch.float64) * torch.tensor([[1.0], [1e-6], [5e-7], [10.0]], dtype=torch.float64)
    _s = _g.call_safely(cosine_similarity, _ta, _tb, what="cosine_similarity of short vectors (length about 1e-6)")
    _g.assert_close(_s, _c3.cosines(_g.values(_ta), _g.values(_tb)), "cosine_similarity is wrong for short "
                    "vectors (lengths about 1e-6, longer than eps = 1e-8, so nothing is clamped): "
                    "eps bounds the length itself, max(length, eps), not the squared length. Clamp "
                    "the norm, vector_norm(a, dim=-1, keepdim=True).clamp(min=eps), not the sum of "
                    "squares, and don't add eps under the square root", rtol=1e-6, atol=1e-9)

    # the eps it is given: vectors shorter than eps = 0.5 are divided by 0.5, not by their length
    _ea = torch.randn(3, 4, generator=_gen, dtype=torch.float64) * 0.05
    _eb = torch.randn(2, 4, generator=_gen, dtype=torch.float64) * 0.05
    _s = _g.call_safely(cosine_similarity, _ea, _eb, eps=0.5, what="cosine_similarity(a, b, eps=0.5)")
    _g.assert_close(_s, _c3.cosines(_g.values(_ea), _g.values(_eb), eps=0.5), "cosine_similarity(a, b, "
                    "eps=0.5) is wrong for vectors shorter than 0.5: each length must be replaced by "
                    "max(length, eps), with the eps the function is given. Check that it uses its "
                    "eps argument (not a fixed 1e-8) and that eps bounds the length itself (not the "
                    "squared length)", rtol=1e-6, atol=1e-9)

    # a matrix of one row is still a matrix: only a vector (C,) loses its dimension
    for _x, _y, _want_shape in ((_a[:1], _b, (1, 4)), (_a, _b[2:3], (5, 1)), (_a[3:4], _b[1:2], (1, 1)),
                                (_a[:1], _b[0], (1,)), (_a[0], _b[:1], (1,))):
        _s = _g.call_safely(cosine_similarity, _x, _y, what=f"cosine_similarity(a of shape "
                            f"{_g.shape_of(_x)}, b of shape {_g.shape_of(_y)})")
        assert _g.shape_of(_s) == _want_shape, (
            f"cosine_similarity(a of shape {_g.shape_of(_x)}, b of shape {_g.shape_of(_y)}) must have "
            f"shape {_want_shape}, got {_g.shape_of(_s)}: a matrix of one row, (1, C), is still a "
            "matrix, so its dimension stays; only an input that is a vector (C,) loses its "
            "dimension. Don't squeeze the result")
        _g.assert_close(_s, _c3.expected_cosines(_x, _y),
                        f"cosine_similarity is wrong for a of shape {_g.shape_of(_x)} and b of shape "
                        f"{_g.shape_of(_y)}")

    _u = _a[1]
    for _x, _y, _want_shape, _what in ((_u, _b, (4,), "a vector (C,) and a matrix (M, C)"),
                                       (_a, _b[2], (5,), "a matrix (N, C) and a vector (C,)"),
                                       (_u, _b[3], (), "two vectors")):
        _s = _g.call_safely(cosine_similarity, _x, _y, what=f"cosine_similarity of {_what}")
        assert _g.shape_of(_s) == _want_shape, (
            f"cosine_similarity of {_what} must have shape {_want_shape}, got {_g.shape_of(_s)}: "
            "a vector counts as one row whose dimension is dropped (as with @)")
        _g.assert_close(_s, _c3.expected_cosines(_x, _y),
                        f"cosine_similarity is wrong for {_what}")
### END HIDDEN TESTS


# %% test_nearest_neighbours
from pixels_to_gpt import embeddings as _ref
from pixels_to_gpt.grading import guard

guard.check_own_function(nearest_neighbours, "nearest_neighbours")  # your own code, not the course's reference
table = torch.tensor([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0], [5.0, 1.0]])
# cosines with row 0: 1, 0.994, 0, -1, 0.981; with row 4: 0.981, 0.996, 0.196, -0.981, 1
# nearest_neighbours is tested on its own: the course's cosine_similarity stands in for yours here
with guard.replaced(globals(), "cosine_similarity", _ref.cosine_similarity):
    nearest = nearest_neighbours(table[0], table, 3)
    print("nearest 3 to row 0:", nearest)
    assert nearest.dtype == torch.long, "return the ids of the rows (topk(...).indices) as a torch.long tensor, not the similarities"
    assert nearest.shape == (3,), f"nearest_neighbours(..., k=3) must return exactly k=3 ids, not shape {tuple(nearest.shape)}"
    one = nearest_neighbours(table[0], table, 1)
    assert one.shape == (1,), f"nearest_neighbours(..., k=1) must return exactly k=1 ids, shape (1,), not shape {tuple(one.shape)}"
    assert nearest.tolist() == [0, 1, 4], ("the 3 rows most similar to row 0 are 0, 1, 4, most similar first "
                                           "(descending cosine): compare by cosine, not by dot product")
    near_4 = nearest_neighbours(table[4], table, 3)
    assert near_4.tolist() == [4, 1, 0], (f"the 3 rows most similar to row 4 are 4, 1, 0, got {near_4.tolist()}: "
                                          "most similar first (descending cosine), not sorted by id")
    query, rows = table[0].clone(), table.clone()
    writes = [query._version, rows._version]  # torch counts each tensor's in-place writes
    left_out = nearest_neighbours(query, rows, 2, exclude=[0])
    print("nearest 2 to row 0, row 0 left out:", left_out)
    assert torch.equal(query, table[0]) and torch.equal(rows, table), (
        "nearest_neighbours changed its inputs in place (such as table[i] = 0): leave the query and "
        "the table as they are, and leave excluded rows out of a new tensor of similarities")
    assert [query._version, rows._version] == writes, (
        "nearest_neighbours wrote into a tensor it was given (such as query.nan_to_num_()), even "
        "where it changed no value: leave the inputs as they are and compute new tensors")
    assert 0 not in left_out.tolist(), ("excluded rows must never be returned (row 0 was excluded), and the ids are row "
                                         "numbers of the whole table")
    assert left_out.tolist() == [1, 4], "with row 0 excluded, the 2 most similar rows are 1 and 4"
    rest = nearest_neighbours(table[0], table, 4, exclude=[0])  # every row that is left
    assert rest.tolist() == [1, 4, 2, 3], (
        f"with row 0 excluded, all 4 rows left, most similar first, are [1, 4, 2, 3], got {rest.tolist()}: "
        "excluded rows must never be returned. Give them similarity float('-inf') (0 is not enough: "
        "row 3 has cosine -1)")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch03_embeddings as _c3
from pixels_to_gpt import embeddings as _ref
_g.check_untampered()
_g.check_own_function(nearest_neighbours, "nearest_neighbours")


def _expected(query, rows, k, exclude):
    """Plain Python: ids of the k largest cosines, best first, excluded ids left out."""
    cos = _c3.cosines_with(query, rows)
    return _c3.ranked(cos, exclude)[:k], cos


def _check(query, table, k, exclude, what):
    _q, _rows = _g.values(query), _g.values(table)
    _written = _c3.versions(query, table)
    _got_t = _g.call_safely(nearest_neighbours, query, table, k, exclude, what=what)
    assert isinstance(_got_t, torch.Tensor) and _got_t.dtype == torch.long, (
        f"{what} must return a torch.long tensor of ids, got "
        f"{getattr(_got_t, 'dtype', type(_got_t).__name__)}: return the indices of the rows "
        "(topk(...).indices), not the similarities")
    assert _g.shape_of(_got_t) == (k,), (f"{what} must return exactly k={k} ids, shape ({k},), "
                                         f"got shape {_g.shape_of(_got_t)}")
    _got = _g.values(_got_t)
    _want, _cos = _expected(_q, _rows, k, exclude)
    _bad = [i for i in _got if i in exclude]
    assert not _bad, (f"{what} returned {_got}, which includes the excluded ids {_bad}: excluded "
                      "rows must never be returned. Give them similarity float('-inf') (0 is "
                      "not enough: other rows can have negative cosines)")
    if sorted(_got) == sorted(_want) and _got != _want:
        raise AssertionError(f"{what} returned the right ids in the wrong order: {_got}, expected "
                             f"{_want}: most similar first (descending cosine)")
    assert _got == _want, (
        f"{what} returned {_got}, expected {_want} (cosines of the expected ids: "
        f"{[round(_cos[i], 3) for i in _want]}, of yours: "
        f"{[round(_cos[i], 3) if 0 <= i < len(_cos) else None for i in _got]}). Return the ids "
        "(row numbers of the whole table, as given) of the k largest cosine similarities, most "
        "similar first; compare by cosine, not by dot product")
    assert _g.values(query) == _q and _g.values(table) == _rows, (
        f"{what} changed its inputs in place")
    assert _c3.versions(query, table) == _written, _c3.in_place_hint("nearest_neighbours")


with _g.replaced(nearest_neighbours.__globals__, "cosine_similarity", _ref.cosine_similarity):
    _gen = torch.Generator().manual_seed(11)
    # rows of very different lengths: the longest rows are not the most similar ones
    _lengths = torch.exp(torch.randn(12, 1, generator=_gen, dtype=torch.float64) * 1.5)
    _table = torch.randn(12, 5, generator=_gen, dtype=torch.float64) * _lengths
    _query = torch.randn(5, generator=_gen, dtype=torch.float64)
    _order, _ = _expected(_g.values(_query), _g.values(_table), 12, ())
    for _k in (1, 4, 6):
        _check(_query, _table, _k, (), f"nearest_neighbours(query, table, k={_k})")
    _check(_query, _table, 4, [_order[0]], f"nearest_neighbours(query, table, 4, exclude=[{_order[0]}])")
    _exclude = (_order[0], _order[2], _order[9])
    _check(_query, _table, 5, _exclude, f"nearest_neighbours(query, table, 5, exclude={_exclude})")
    # every row that is left, the least similar ones have negative cosines
    _exclude = [_order[1], _order[5]]
    _check(_query, _table, 10, _exclude, f"nearest_neighbours(query, table, k=10, exclude={_exclude}) "
           "(all the rows left)")
    # a word's own vector is its nearest neighbour unless it is excluded
    _check(_table[7], _table, 3, (), "nearest_neighbours(table[7], table, 3)")
    _check(_table[7], _table, 3, [7], "nearest_neighbours(table[7], table, 3, exclude=[7])")
### END HIDDEN TESTS


# %% test_analogy
from pixels_to_gpt import embeddings as _ref
from pixels_to_gpt.grading import guard

guard.check_own_function(analogy, "analogy")  # your own code, not the course's reference
words = ["man", "woman", "king", "queen", "boy", "girl", "crown"]
# features:               person female royal young   ("crown" is long, and not a person)
vectors = torch.tensor([[1.0, 0.0, 0.0, 0.0], [1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 1.0, 0.0],
                        [1.0, 1.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0], [1.0, 1.0, 0.0, 1.0],
                        [0.0, 3.0, 2.0, 0.0]])
man, woman, king, queen, boy, girl, crown = range(7)
# analogy is tested on its own: the course's cosine_similarity and nearest_neighbours stand in for yours
with guard.replaced(globals(), "cosine_similarity", _ref.cosine_similarity), \
        guard.replaced(globals(), "nearest_neighbours", _ref.nearest_neighbours):
    given = vectors.clone()
    writes = given._version  # torch counts each tensor's in-place writes
    answer = analogy(given, man, woman, king, 3)
    print("man is to woman as king is to:", [words[i] for i in answer.tolist()])
    assert torch.equal(given, vectors) and given._version == writes, (
        "analogy wrote into the vectors it was given (such as vectors[b] -= ...): compute "
        "vectors[b] - vectors[a] + vectors[c] as a new tensor")
    assert isinstance(answer, torch.Tensor) and answer.dtype == torch.long, (
        "return the ids of the rows as a torch.long tensor (topk(...).indices), not similarities")
    assert answer.shape == (3,), (
        f"analogy(..., k=3) must return exactly 3 ids, not shape {tuple(answer.shape)}: leave the "
        "query words out before taking the k best (exclude=[a, b, c]), not after")
    asked = [w for w in answer.tolist() if w in (man, woman, king)]
    assert not asked, (
        f"analogy returned the query word(s) {[words[i] for i in asked]}: the three query words a, "
        "b and c are never an answer, leave them out (exclude=[a, b, c])")
    assert answer.tolist()[0] != crown, (
        "'crown' came first: it is the longest vector, not the one pointing most like "
        "woman - man + king. Compare by cosine, not by dot product")
    assert answer.tolist() == [queen, crown, girl], (
        f"man is to woman as king is to: expected ['queen', 'crown', 'girl'], got "
        f"{[words[i] for i in answer.tolist()]}: the answer is nearest to b - a + c "
        "(vectors[b] - vectors[a] + vectors[c], here woman - man + king), not a - b + c or "
        "a + b - c, most similar first")
    answer = analogy(vectors, man, boy, woman, 2)
    print("man is to boy as woman is to:", [words[i] for i in answer.tolist()])
    assert answer.tolist() == [girl, queen], (
        f"man is to boy as woman is to: expected ['girl', 'queen'], got "
        f"{[words[i] for i in answer.tolist()]}: the answer is nearest to b - a + c (here "
        "boy - man + woman), by cosine, with a, b and c left out")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt import embeddings as _ref
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch03_embeddings as _c3
_g.check_untampered()
_g.check_own_function(analogy, "analogy")


def _check(vectors, a, b, c, k, what):
    _rows = _g.values(vectors)
    _written = _c3.version(vectors)
    _got_t = _g.call_safely(analogy, vectors, a, b, c, k, what=what)
    assert isinstance(_got_t, torch.Tensor) and _got_t.dtype == torch.long, (
        f"{what} must return a torch.long tensor of ids, got "
        f"{getattr(_got_t, 'dtype', type(_got_t).__name__)}")
    assert _c3.version(vectors) == _written and _g.values(vectors) == _rows, (
        f"{what} wrote into the vectors it was given: compute b - a + c as a new tensor")
    assert _g.shape_of(_got_t) == (k,), (
        f"{what} must return exactly k={k} ids, got shape {_g.shape_of(_got_t)}: leave the query "
        "words out before taking the k best, not after")
    _got = _g.values(_got_t)
    _target = [y - x + z for x, y, z in zip(_rows[a], _rows[b], _rows[c])]
    _cos = _c3.cosines_with(_target, _rows)
    _want = _c3.ranked(_cos, (a, b, c))[:k]
    _asked = [i for i in _got if i in (a, b, c)]
    assert not _asked, (f"{what} returned {_got}, which includes the query ids {_asked}: a, b and "
                        "c are never an answer (exclude=[a, b, c])")
    _dots = [sum(x * y for x, y in zip(_target, r)) for r in _rows]
    if _got != _want and _got == _c3.ranked(_dots, (a, b, c))[:k]:
        raise AssertionError(f"{what} returned {_got}, the largest dot products with b - a + c, "
                             f"expected {_want}: compare by cosine, not by dot product")
    assert _got == _want, (
        f"{what} returned {_got}, expected {_want} (cosines with b - a + c of the expected ids: "
        f"{[round(_cos[i], 3) for i in _want]}, of yours: "
        f"{[round(_cos[i], 3) if 0 <= i < len(_cos) else None for i in _got]}): the answer is "
        "nearest to vectors[b] - vectors[a] + vectors[c] (not a - b + c, not a + b - c), by "
        "cosine, most similar first")


with _g.replaced(analogy.__globals__, "cosine_similarity", _ref.cosine_similarity), \
        _g.replaced(analogy.__globals__, "nearest_neighbours", _ref.nearest_neighbours):
    _gen = torch.Generator().manual_seed(17)
    # random words of very different lengths, and planted answers: row d = b - a + c + noise
    _lengths = torch.exp(torch.randn(15, 1, generator=_gen, dtype=torch.float64) * 1.5)
    _table = torch.randn(15, 6, generator=_gen, dtype=torch.float64) * _lengths
    for _a, _b, _c, _k in ((0, 1, 2, 1), (3, 7, 5, 4), (9, 2, 11, 12), (14, 13, 0, 6)):
        _check(_table, _a, _b, _c, _k, f"analogy(vectors, a={_a}, b={_b}, c={_c}, k={_k})")
    _planted = _table.clone()
    _planted[4] = (_table[8] - _table[6] + _table[10]) * 0.8 + torch.randn(
        6, generator=_gen, dtype=torch.float64) * 0.05
    _check(_planted, 6, 8, 10, 3, "analogy(vectors, 6, 8, 10, k=3) (row 4 is close to b - a + c)")
    _check(_planted, 8, 6, 10, 3, "analogy(vectors, 8, 6, 10, k=3) (a and b swapped)")
    # the hand-made words of chapter 3, whose answers are exact
    _hand = _ref.HAND_MADE
    for _x, _y, _z, _k in (("dog", "puppy", "cat", 3), ("king", "queen", "man", 3),
                           ("boy", "prince", "girl", 2)):
        _check(_hand.vectors, _hand.id(_x), _hand.id(_y), _hand.id(_z), _k,
               f"analogy(hand-made vectors, {_x!r}, {_y!r}, {_z!r}, k={_k})")
    # float32 vectors, k=1
    _small = torch.randn(8, 3, generator=_gen) * torch.tensor([[0.1], [5.0], [1.0], [2.0], [0.3], [9.0], [1.0], [0.7]])
    _check(_small, 5, 1, 3, 1, "analogy(float32 vectors, 5, 1, 3, k=1)")
    _check(_small, 2, 7, 0, 5, "analogy(float32 vectors, 2, 7, 0, k=5) (all the rows left)")
### END HIDDEN TESTS
