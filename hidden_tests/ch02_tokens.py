"""The hidden tests: the test cells of solutions/ch02_tokens/tokens.ipynb.

Each `# %% <grade_id>` section is one test cell's source, exactly: its visible tests, then
its hidden ones. This file is their single source: edit them here, never in the notebook.
`make exercises` inlines the sections into the notebook (by grade_id), then regenerates
exercises/ from it. See README.md.
"""


# %% test_count_pairs
from pixels_to_gpt.grading import guard

guard.check_own_function(count_pairs, "count_pairs")  # your own code, not the course's reference
counts = count_pairs([1, 2, 3, 1, 2])
print("count_pairs([1, 2, 3, 1, 2]) =", counts)
assert counts == {(1, 2): 2, (2, 3): 1, (3, 1): 1}, (
    f"count_pairs([1, 2, 3, 1, 2]) should be {{(1, 2): 2, (2, 3): 1, (3, 1): 1}}, got {counts}: count "
    "every pair of neighbours (ids[i], ids[i + 1]), each time it occurs; the last id has no right neighbour")
assert all(type(count) is int for count in counts.values()), (
    f"count_pairs must count with Python ints, got {list(counts.values())!r}: start each count at 0, "
    "not 0.0, and add 1; don't store tensors (a 0-dimensional tensor is not an int)")
counts = count_pairs([5, 5, 5])
assert counts == {(5, 5): 2}, (f"count_pairs([5, 5, 5]) should be {{(5, 5): 2}}, got {counts}: pairs "
                               "overlap when counting, (5, 5) is at positions 0-1 and 1-2")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
import random as _random
_g.check_untampered()
_g.check_own_function(count_pairs, "count_pairs")
def _expected_pairs(ids):
    _out = {}
    for _k in range(len(ids) - 1):
        _out[(ids[_k], ids[_k + 1])] = _out.get((ids[_k], ids[_k + 1]), 0) + 1
    return _out
_rng = _random.Random(2)
_cases = [[], [7], [7, 7], [1, 2], [1, 2, 1], [3, 3, 3, 3], [9, 1, 2, 9], list("héllo".encode()),
          [_rng.randrange(4) for _ in range(50)], [_rng.randrange(300) for _ in range(200)]]
for _ids in _cases:
    _before = list(_ids)
    _got = _g.call_safely(count_pairs, _ids, what=f"count_pairs({_ids[:8]}{'...' if len(_ids) > 8 else ''})")
    assert isinstance(_got, dict), f"count_pairs must return a dict, got {type(_got).__name__}"
    for _pair, _count in _got.items():
        assert (isinstance(_pair, tuple) and len(_pair) == 2
                and all(isinstance(_i, int) and not isinstance(_i, bool) for _i in _pair)), (
            f"count_pairs must use pairs of Python ints as keys, (ids[i], ids[i + 1]), got "
            f"{_pair!r} ({type(_pair).__name__})")
        assert isinstance(_count, int) and not isinstance(_count, bool), (
            f"count_pairs must count with Python ints: the pair {_pair} has the count {_count!r} "
            f"({type(_count).__name__}), where the signature says int. Start each count at 0, "
            "not 0.0, and add 1; don't store tensors (a 0-dimensional tensor is not an int)")
    _want = _expected_pairs(_before)
    if _got != _want:
        _extra = sorted(set(_got) - set(_want))[:3]
        _hint = ("pairs are neighbours: zip(ids, ids[1:]) pairs each id with the next one; "
                 "the last id has no right neighbour")
        if not _extra:
            _hint = ("count every occurrence, overlapping ones too: [5, 5, 5] holds (5, 5) "
                     "twice, and a pair seen 3 times has count 3")
        raise AssertionError(f"count_pairs({_before[:12]}) is wrong: {_hint}\n  got:      "
                             f"{dict(sorted(_got.items())[:6])}\n  expected: {dict(sorted(_want.items())[:6])}")
    assert _ids == _before, "count_pairs changed the list it was given: only read it"
### END HIDDEN TESTS


# %% test_merge
from pixels_to_gpt.grading import guard

guard.check_own_function(merge, "merge")  # your own code, not the course's reference
ids = [1, 2, 3, 1, 2]
merged = merge(ids, (1, 2), 4)
print("merge([1, 2, 3, 1, 2], (1, 2), 4) =", merged)
assert ids == [1, 2, 3, 1, 2], f"merge changed the caller's list (now {ids}): build and return a new list"
assert merged == [4, 3, 4], (f"merge([1, 2, 3, 1, 2], (1, 2), 4) should be [4, 3, 4], got {merged}: "
                             "replace every occurrence of the pair by the new id")
assert all(type(i) is int for i in merged), (
    f"merge must return a list of Python ints, got {merged!r}: keep the ids as they are given "
    "(ints) and add new_id; don't turn them into tensors or floats")
merged = merge([7, 7, 7], (7, 7), 8)
assert merged == [8, 7], (f"merge([7, 7, 7], (7, 7), 8) should be [8, 7], got {merged}: occurrences "
                          "don't overlap (read left to right; after merging two ids, go on after "
                          "them) and every id is kept")
merged = merge([11, 2], (1, 2), 300)
assert merged == [11, 2], (f"merge([11, 2], (1, 2), 300) should be [11, 2], got {merged}: compare "
                           "whole ids, not their digits: (1, 2) is not in [11, 2], although the "
                           "string '11 2' contains '1 2'; walk the list and compare ids[i] and "
                           "ids[i + 1] with the pair")
ids = [3, 4, 5]
assert merge(ids, (1, 2), 256) is not ids, (
    "merge([3, 4, 5], (1, 2), 256) returned the very list it was given: always return a new "
    "list (list(ids) when nothing is merged), so that changing the result can never change "
    "the caller's list")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
import random as _random
_g.check_untampered()
_g.check_own_function(merge, "merge")
def _expected_merge(ids, pair, new_id):
    _out, _k = [], 0
    while _k < len(ids):
        if _k + 1 < len(ids) and ids[_k] == pair[0] and ids[_k + 1] == pair[1]:
            _out.append(new_id)
            _k += 2
        else:
            _out.append(ids[_k])
            _k += 1
    return _out
_rng = _random.Random(3)
_cases = [([1, 2, 3, 1, 2], (1, 2), 4), ([1, 2, 1, 2, 1, 2], (1, 2), 9), ([2, 1, 2, 1], (1, 2), 9),
          ([7, 7, 7], (7, 7), 8), ([7, 7, 7, 7], (7, 7), 8), ([7, 7, 7, 7, 7], (7, 7), 8),
          ([5, 1, 2], (1, 2), 300), ([1, 2, 5], (1, 2), 300), ([1, 2], (1, 2), 256), ([1], (1, 2), 256),
          ([], (1, 2), 256), ([3, 4, 5], (1, 2), 256), ([2, 1], (1, 2), 256)]
_cases += [([_rng.randrange(3) for _ in range(40)], (_rng.randrange(3), _rng.randrange(3)), 256) for _ in range(30)]
# ids of several digits: a pair is two whole ids, so (1, 2) is not inside [11, 2] or [1, 23]
_cases += [([1, 23], (1, 2), 300), ([11, 2], (1, 2), 300), ([21, 2, 1], (1, 2), 300),
           ([12, 3, 1, 2, 3], (2, 3), 256), ([1, 12, 3], (12, 3), 256), ([112, 11, 2], (1, 12), 300)]
_digits = [1, 2, 11, 12, 21, 22, 121, 212]
_cases += [([_rng.choice(_digits) for _ in range(30)], (_rng.choice(_digits), _rng.choice(_digits)), 300)
           for _ in range(20)]
for _ids, _pair, _new in _cases:
    _before = list(_ids)
    _got = _g.call_safely(merge, _ids, _pair, _new, what=f"merge({_before}, {_pair}, {_new})")
    assert _ids == _before, (f"merge changed the caller's list (now {_ids}): build and return a new list")
    assert isinstance(_got, list), f"merge must return a list, got {type(_got).__name__}"
    assert _got is not _ids, (f"merge({_before}, {_pair}, {_new}) returned the very list it was "
                              "given: always return a new list (list(ids) when nothing is merged), "
                              "so that changing the result can never change the caller's list")
    _not_int = [_i for _i in _got if not isinstance(_i, int) or isinstance(_i, bool)]
    assert not _not_int, (f"merge must return a list of Python ints, but it holds {_not_int[0]!r} "
                          f"({type(_not_int[0]).__name__}): keep the ids as they are given (ints) "
                          "and add new_id; don't turn them into tensors or floats")
    _want = _expected_merge(_before, _pair, _new)
    if _got != _want:
        _hint = "replace every occurrence of the pair, reading from left to right"
        if _pair[0] == _pair[1] and _pair[0] in _before:
            _hint = ("occurrences don't overlap, read left to right: after merging positions i "
                     "and i + 1, continue at i + 2 ([7, 7, 7] becomes [8, 7])")
        if len(_got) < len(_want) and _got == _want[:len(_got)]:
            _hint = "keep every id: the last id of the list was lost"
        elif any(_i >= 10 for _i in _before + list(_pair)):
            _hint = ("compare whole ids, not their digits: (1, 2) occurs in [1, 2] but not in "
                     "[11, 2] or [1, 23]. If you joined the ids into a string, '11 2' contains "
                     "'1 2': walk the list instead and compare ids[i] and ids[i + 1] with the pair")
        raise AssertionError(f"merge({_before}, {_pair}, {_new}) is wrong: {_hint}\n  got:      "
                             f"{_got}\n  expected: {_want}")
### END HIDDEN TESTS


# %% test_encode
from pixels_to_gpt import bpe as _ref
from pixels_to_gpt.grading import guard
import tiktoken

guard.check_own_function(encode, "encode")  # your own code, not the course's reference
toy_merges = {(104, 105): 256, (32, 256): 257}  # "h" + "i" -> 256, " " + 256 -> 257
# encode is tested on its own: the course's count_pairs and merge stand in for yours here
with guard.replaced(globals(), "count_pairs", _ref.count_pairs), guard.replaced(globals(), "merge", _ref.merge), \
        guard.forbid([(tiktoken, "Encoding"), (tiktoken, "get_encoding")],
                     "encode may not call tiktoken: write BPE yourself"):
    ids = encode("hi hi", toy_merges)
    print('encode("hi hi") =', ids)
    assert ids == [256, 257], (f"encode('hi hi') should be [256, 257], got {ids}: the chunk 'hi' is "
                               "[104, 105] -> [256], and ' hi' is [32, 104, 105] -> [32, 256] -> [257]: "
                               "repeat until no pair of a chunk is in merges")
    ids = encode("é", {})
    assert ids == [195, 169], (f"encode('é', {{}}) should be [195, 169], got {ids}: without merges, the "
                               "ids are the text's UTF-8 bytes, list(chunk.encode('utf-8'))")
    assert all(type(i) is int for i in ids), (
        f"encode('é', {{}}) must return a list of Python ints, got {ids!r}: start from "
        "list(chunk.encode('utf-8')), whose ids are ints, and keep them ints (no numpy or torch numbers)")
    assert encode("", toy_merges) == [], "the empty text has no tokens"
    ids = encode("abcbc", {(97, 98): 256, (98, 99): 257})  # "ab" learned first, then "bc"
    assert ids == [256, 99, 257], (
        f"encode('abcbc') should be [256, 99, 257], got {ids}: merge the pair that was learned "
        "first (smallest new id), not the most frequent or the latest one: [97, 98, 99, 98, 99] "
        "-> [256, 99, 98, 99] -> [256, 99, 257]")
    ids = encode("hi hi", {(105, 32): 256})  # a merge of "i" and " ", which never meet in a chunk
    assert ids == [104, 105, 32, 104, 105], (
        f"encode('hi hi') with the merge (105, 32) (i + space) should be [104, 105, 32, 104, 105], "
        f"got {ids}: cut the text into chunks with split_text ('hi', ' hi') and encode each chunk "
        "on its own: merges never join the end of one chunk to the start of the next")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import ch02_tokens as _c2
_TIKTOKEN_SHORTCUTS = _c2.tiktoken_shortcuts()
_g.check_untampered()
_g.check_own_function(encode, "encode", _TIKTOKEN_SHORTCUTS)
_ns = encode.__globals__
_TEXTS = ["", "a", " ", "\n\n", "hi", "hihi hi  hi\n", "Hello, world!", "aaaaaaa aaa", "abcbc abc",
          "ROMEO:\nBut, soft! what light through yonder window breaks?", "I'll, you're 'tis",
          "3.14159 and 1,000,000", "🙂", "emoji 👍🏽 and 👨‍👩‍👧", "Árvíztűrő tükörfúrógép",
          "Megszentségteleníthetetlenségeskedéseitekért", "我们的语言模型", "混合 text 和中文。",
          "the end. the  end", "tabs\tand\r\nline ends   "]
_cases = [
    ({(104, 105): 256, (32, 256): 257, (256, 256): 258},
     "a merge can make a pair for a later merge: repeat until no pair of the chunk is in merges "
     "('hihi' -> [256, 256] -> [258])"),
    ({(97, 97): 256, (256, 97): 257, (256, 256): 258},
     "merge the pair learned first, every occurrence left to right without overlap, and repeat"),
    ({(97, 98): 256, (98, 99): 257, (256, 99): 258, (32, 258): 259},
     "merge the pair that was learned first (smallest new id), not the most frequent one: "
     "'abcbc' -> [256, 99, 98, 99] first"),
    ({(195, 169): 256, (226, 132): 257, (195, 161): 258, (230, 136): 259},
     "work on the UTF-8 bytes of each chunk (chunk.encode('utf-8')), not on characters"),
    ({(104, 101): 256, (116, 256): 257, (101, 32): 258, (257, 32): 259, (32, 257): 260},
     "cut the text into chunks with split_text and encode each chunk on its own: merges never "
     "join the end of one chunk to the start of the next"),
]
from pixels_to_gpt.bpe import train_bpe as _train_bpe
from pixels_to_gpt.corpus import load_shakespeare as _load_shakespeare
_cases.append((_train_bpe(_load_shakespeare()[:100_000], 200), "your ids differ from tiktoken's on "
               "merges learned from Tiny Shakespeare: apply the merges learned first first, and "
               "repeat until no pair of a chunk is in merges"))
with _g.replaced(_ns, "count_pairs", _ref.count_pairs), _g.replaced(_ns, "merge", _ref.merge), \
        _g.replaced(_ns, "split_text", _ref.split_text):
    for _merges, _hint in _cases:
        _enc = _c2.tiktoken_for(_merges)
        _saved = dict(_merges)
        for _text in _TEXTS:
            _want = _enc.encode_ordinary(_text)
            with _g.forbid(_TIKTOKEN_SHORTCUTS, "encode may not call tiktoken: write BPE yourself"):
                _got = _g.call_safely(encode, _text, _merges, what=f"encode({_text!r})")
            assert isinstance(_got, list), f"encode must return a list of ids, got {type(_got).__name__}"
            _not_int = [_i for _i in _got if not isinstance(_i, int) or isinstance(_i, bool)]
            assert not _not_int, (
                f"encode({_text!r}) must return a list of Python ints, but it holds "
                f"{_not_int[0]!r} ({type(_not_int[0]).__name__}): start from "
                "list(chunk.encode('utf-8')), whose ids are ints, and keep them ints (no numpy "
                "or torch numbers)")
            assert _got == _want, (f"encode({_text!r}) is wrong: {_hint}\n  got:      {_got[:16]}"
                                   f"\n  expected: {_want[:16]} (tiktoken, same merges)")
        assert _merges == _saved, "encode changed the merges dict: only read it"
    _long = _load_shakespeare()[-5000:]
    _shakespeare = _cases[-1][0]
    with _g.forbid(_TIKTOKEN_SHORTCUTS, "encode may not call tiktoken: write BPE yourself"):
        _got = _g.call_safely(encode, _long, _shakespeare, what="encode(5000 characters of Shakespeare)")
    assert _got == _c2.tiktoken_for(_shakespeare).encode_ordinary(_long), (
        "encode differs from tiktoken on the last 5,000 characters of Tiny Shakespeare")
### END HIDDEN TESTS


# %% test_decode
from pixels_to_gpt.grading import guard

guard.check_own_function(decode, "decode")  # your own code, not the course's reference
toy_merges = {(104, 105): 256, (32, 256): 257}
text = decode([256, 257], toy_merges)
print("decode([256, 257]) =", repr(text))
assert text == "hi hi", (f"decode([256, 257]) should be 'hi hi', got {text!r}: each merged id stands "
                        "for the bytes of its pair, the first id's bytes then the second's")
text = decode([195, 169], {})
assert text == "é", (f"decode([195, 169], {{}}) should be 'é', got {text!r}: ids are bytes, not "
                     "characters: join all the bytes, then read them as UTF-8 once")
try:
    text = decode([195], {})  # the first of the two bytes of 'é': half a character
except UnicodeDecodeError as error:
    raise AssertionError(f"decode([195], {{}}) raised UnicodeDecodeError ({error}): bytes that are "
                         "not valid UTF-8 must become '\ufffd', as in tiktoken: decode with "
                         "errors='replace'") from None
assert text == "\ufffd", (f"decode([195], {{}}) should be '\ufffd', got {text!r}: half a character "
                          "becomes the replacement character: decode with errors='replace'")
print("visible tests passed")
### BEGIN HIDDEN TESTS
from pixels_to_gpt.grading import guard as _g
from pixels_to_gpt.grading import ch02_tokens as _c2
import random as _random
_TIKTOKEN_SHORTCUTS = _c2.tiktoken_shortcuts()
_g.check_untampered()
_g.check_own_function(decode, "decode", _TIKTOKEN_SHORTCUTS)
_rng = _random.Random(4)
from pixels_to_gpt.bpe import train_bpe as _train_bpe
from pixels_to_gpt.corpus import load_shakespeare as _load_shakespeare
_sh = _train_bpe(_load_shakespeare()[:100_000], 200)
_cases = [({(104, 105): 256, (32, 256): 257}, [[], [104], [256], [257, 257, 32, 256], [256, 256]]),
          ({(97, 98): 256, (256, 99): 257, (257, 257): 258, (32, 258): 259},
           [[258], [259, 256, 99], [257, 32, 258]]),
          ({(195, 169): 256, (226, 130): 257, (257, 172): 258}, [[256], [258, 32, 256], [257], [226, 130]]),
          ({}, [list("Árvíztűrő 我们 🙂".encode()), list("我".encode())[:2], [255, 104, 105], list("🙂".encode())[1:]]),
          (_sh, [list(range(256, 456)), [_rng.randrange(456) for _ in range(300)]])]
_texts = ["ROMEO:\nBut, soft!", "Megszentségteleníthetetlenségeskedéseitekért", "我们的语言模型", "emoji 👍🏽"]
for _merges, _id_lists in _cases:
    _enc = _c2.tiktoken_for(_merges)
    _saved = dict(_merges)
    for _ids in _id_lists + [_enc.encode_ordinary(_t) for _t in _texts]:
        _want = _enc.decode(_ids)
        _before = list(_ids)
        with _g.forbid(_TIKTOKEN_SHORTCUTS, "decode may not call tiktoken: join the bytes yourself"):
            try:
                _got = _g.call_safely(decode, _ids, _merges, what=f"decode({_ids[:10]}{'...' if len(_ids) > 10 else ''})")
            except _g.GradingError as _e:
                if "UnicodeDecodeError" in str(_e):
                    raise AssertionError(f"{_e}\nbytes that are not valid UTF-8 (here half a character) "
                                         "must become '\ufffd', as in tiktoken: decode with "
                                         "errors='replace'") from None
                raise
        assert isinstance(_got, str), f"decode must return a str, got {type(_got).__name__}"
        if _got != _want:
            _hint = ("each merged id stands for the bytes of its first id followed by the bytes of "
                     "its second; join all the bytes, then decode them once")
            if any(ord(_c) > 127 for _c in _want):
                _hint = ("ids are bytes, not characters: join the bytes of all tokens and decode "
                         "them as UTF-8 once at the end, with errors='replace' (half a character "
                         "becomes '\ufffd')")
            raise AssertionError(f"decode({_before[:10]}) is wrong: {_hint}\n  got:      {_got[:40]!r}"
                                 f"\n  expected: {_want[:40]!r} (tiktoken, same merges)")
        assert _ids == _before, "decode changed the list it was given: only read it"
    assert _merges == _saved, "decode changed the merges dict: only read it"
### END HIDDEN TESTS
