"""Chapter 2's outside checks: counting pairs, merging, and BPE encoding and decoding.

The cases follow the hidden tests (and are no stricter): their fixed edge cases, and fresh
random id lists and texts for each submission (`SEED`). Expected values come from
`pixels_to_gpt.bpe`, computed outside the sandbox. The hidden tests train merges on Tiny
Shakespeare; the sandbox has neither the corpus nor the course's trainer, so the trained
merges here are learned (by the course's `train_bpe`, when this module is imported) from a
few lines that stand in for it, and reach the sandbox as a literal table.
"""

from __future__ import annotations

import inspect

from pixels_to_gpt import bpe
from pixels_to_gpt_grader.checks import common
from pixels_to_gpt_grader.verdict import Assignment, Case, Question

# Stands in for Tiny Shakespeare (which the sandbox has not): enough for 200 merges.
STAND_IN = """First Citizen:
Before we proceed any further, hear me speak.

All:
Speak, speak.

ROMEO:
But, soft! what light through yonder window breaks?
It is the east, and Juliet is the sun.
Arise, fair sun, and kill the envious moon,
Who is already sick and pale with grief,
That thou her maid art far more fair than she.

JULIET:
O Romeo, Romeo! wherefore art thou Romeo?
Deny thy father and refuse thy name;
Or, if thou wilt not, be but sworn my love,
And I'll no longer be a Capulet.
'Tis but thy name that is my enemy;
What's in a name? that which we call a rose
By any other name would smell as sweet.

HAMLET:
To be, or not to be, that is the question:
Whether 'tis nobler in the mind to suffer
The slings and arrows of outrageous fortune,
Or to take arms against a sea of troubles
And by opposing end them. To die: to sleep;
No more; and by a sleep to say we end
The heart-ache and the thousand natural shocks
That flesh is heir to, 'tis a consummation
Devoutly to be wish'd. To die, to sleep;
To sleep: perchance to dream: ay, there's the rub.
"""
TRAINED = bpe.train_bpe(STAND_IN, 200)

# The hidden tests' merges tables, and what each one shows when encode gets it wrong.
TABLES = (
    ({(104, 105): 256, (32, 256): 257, (256, 256): 258},
     "where a merge makes a pair for a later merge ('hihi' -> [256, 256] -> [258])"),
    ({(97, 97): 256, (256, 97): 257, (256, 256): 258},
     "where pairs of 'a' merge again and again"),
    ({(97, 98): 256, (98, 99): 257, (256, 99): 258, (32, 258): 259},
     "where the pair learned first is not the most frequent ('abcbc')"),
    ({(195, 169): 256, (226, 132): 257, (195, 161): 258, (230, 136): 259},
     "of UTF-8 bytes of accented and Chinese characters"),
    ({(104, 101): 256, (116, 256): 257, (101, 32): 258, (257, 32): 259, (32, 257): 260},
     "that would join the end of one chunk to the start of the next ('e ' + ...)"),
    (TRAINED, "learned from a few lines of Shakespeare"),
)

TEXTS = ["", "a", " ", "\n\n", "hi", "hihi hi  hi\n", "Hello, world!", "aaaaaaa aaa", "abcbc abc",
         "ROMEO:\nBut, soft! what light through yonder window breaks?", "I'll, you're 'tis",
         "3.14159 and 1,000,000", "🙂", "emoji 👍🏽 and 👨‍👩‍👧", "Árvíztűrő tükörfúrógép",
         "Megszentségteleníthetetlenségeskedéseitekért", "我们的语言模型", "混合 text 和中文。",
         "the end. the  end", "tabs\tand\r\nline ends   "]

# The set-up cell, without the course: its pattern and split_text (the course's own), the
# trainer (which calls the student's count_pairs and merge, as in the kernel), and a stand-in
# for the corpus and for the merges learned from it.
PRELUDE = f'''
from __future__ import annotations

from collections import Counter, defaultdict

import regex

SPLIT_PATTERN = {bpe.SPLIT_PATTERN!r}


{inspect.getsource(bpe.split_text)}

{inspect.getsource(bpe.train_bpe)}

def load_shakespeare():
    """A few lines standing in for the corpus, which the grader's check does not have."""
    return {STAND_IN!r}


shakespeare_merges = {TRAINED!r}
'''

FIXTURES = common.FIXTURES + f'''
import random

TABLES = {[table for table, _ in TABLES]!r}
TEXTS = {TEXTS!r}
''' + r'''

# pieces of random texts: words with and without their space, numbers, punctuation,
# whitespace of every kind, accents, Chinese and emoji (several bytes, several code points)
PIECES = ["the", " the", "hi", "hihi", " hi", "  ", " ", "\n", "\n\n", "\t", "\r\n", ",", ".",
          "!", "?", "'s", "'ll", " 'tis", "ROMEO", ":", " love", " light", "3", "14", " 2024",
          "aaa", "abcbc", " abc", "é", "Árvíztűrő", " tükörfúrógép", "我们", "的", "🙂", "👍🏽",
          "👨‍👩‍👧", "--", "soft", " yonder", " window", " be", " to", "name", " sleep"]


def text(offset, pieces=25):
    """A fresh random text for this submission."""
    rng = random.Random(SEED * 1000 + offset)
    return "".join(rng.choice(PIECES) for _ in range(pieces))


def ids(offset, n, below):
    rng = random.Random(SEED * 1000 + offset)
    return [rng.randrange(below) for _ in range(n)]


def from_list(offset, n, choices):
    rng = random.Random(SEED * 1000 + offset)
    return [rng.choice(choices) for _ in range(n)]


def _int(value, what):
    """A Python int (a subclass of int is one too, a bool or a numpy integer is not)."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be Python ints, but one is {value!r} "
                        f"({type(value).__name__})")
    return int(value)


def counted(function, ids):
    """count_pairs's answer, its pairs in order: neither the order of a dict counts nor its
    kind (a Counter is a dict); its keys must be pairs of ints, its counts ints."""
    counts = function(ids)
    if not isinstance(counts, dict):
        raise TypeError(f"it must return a dict, got {type(counts).__name__}")
    out = {}
    for pair, n in counts.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"its keys must be pairs (ids[i], ids[i + 1]), got {pair!r}")
        out[tuple(_int(i, "the ids of its pairs") for i in pair)] = _int(
            n, "its counts (start each count at 0, not 0.0; no tensors)")
    return dict(sorted(out.items()))


def ids_of(out):
    """A list of Python ints as it is, a list (or subclass) of ints as a plain list."""
    if not isinstance(out, list):
        raise TypeError(f"it must return a list of ids, got {type(out).__name__}")
    if type(out) is list and all(type(i) is int for i in out):
        return out  # itself: whether it is the caller's list is judged too
    return [_int(i, "the ids it returns") for i in out]


def merged(function, ids, pair, new_id):
    return ids_of(function(ids, pair, new_id))


TIKTOKEN = [("", "Encoding"), ("", "get_encoding"), ("core.Encoding", "encode"),
            ("core.Encoding", "encode_ordinary"), ("core.Encoding", "decode"),
            ("core.Encoding", "decode_bytes")]


def without_tiktoken(function, *args):
    """function(*args) while tiktoken refuses to work, as in the hidden tests: BPE by hand."""
    try:
        import tiktoken
        import tiktoken.core
    except ImportError:
        return function(*args)
    shortcuts = []
    for where, attr in TIKTOKEN:
        owner = tiktoken
        for part in where.split(".") if where else ():
            owner = getattr(owner, part)
        shortcuts.append((owner, attr))
    with forbidding(shortcuts, "it may not call tiktoken: write BPE yourself"):
        return function(*args)


def encoded(function, text, merges):
    """encode(text, merges) without tiktoken: a list of Python ints."""
    return ids_of(without_tiktoken(function, text, merges))
'''


def _count_pairs_cases() -> tuple[Case, ...]:
    fixed = [[], [7], [7, 7], [1, 2], [1, 2, 1], [3, 3, 3, 3], [9, 1, 2, 9],
             list("héllo".encode())]
    cases = [Case(f"fixed{i}", f"({ids!r},)", f"{ids!r}", compare="exact")
             for i, ids in enumerate(fixed)]
    cases += [Case("small", "(ids(1, 50, 4),)", "50 random ids below 4", compare="exact"),
              Case("large", "(ids(2, 200, 300),)", "200 random ids below 300", compare="exact")]
    return tuple(cases)


def _merge_cases() -> tuple[Case, ...]:
    fixed = [([1, 2, 3, 1, 2], (1, 2), 4), ([1, 2, 1, 2, 1, 2], (1, 2), 9),
             ([2, 1, 2, 1], (1, 2), 9), ([7, 7, 7], (7, 7), 8), ([7, 7, 7, 7], (7, 7), 8),
             ([7, 7, 7, 7, 7], (7, 7), 8), ([5, 1, 2], (1, 2), 300), ([1, 2, 5], (1, 2), 300),
             ([1, 2], (1, 2), 256), ([1], (1, 2), 256), ([], (1, 2), 256),
             ([3, 4, 5], (1, 2), 256), ([2, 1], (1, 2), 256),
             # ids of several digits: a pair is two whole ids, (1, 2) is not in [11, 2]
             ([1, 23], (1, 2), 300), ([11, 2], (1, 2), 300), ([21, 2, 1], (1, 2), 300),
             ([12, 3, 1, 2, 3], (2, 3), 256), ([1, 12, 3], (12, 3), 256),
             ([112, 11, 2], (1, 12), 300)]
    cases = [Case(f"fixed{i}", f"({ids!r}, {pair!r}, {new})", f"{ids!r}, {pair!r}, {new}",
                  compare="exact") for i, (ids, pair, new) in enumerate(fixed)]
    cases += [Case(f"random{i}", f"(ids({10 + i}, 40, 3), tuple(ids({50 + i}, 2, 3)), 256)",
                   "40 random ids below 3, a random pair, 256", compare="exact")
              for i in range(8)]
    digits = "[1, 2, 11, 12, 21, 22, 121, 212]"
    cases += [Case(f"digits{i}", f"(from_list({100 + i}, 30, {digits}), "
                   f"tuple(from_list({150 + i}, 2, {digits})), 300)",
                   f"30 random ids among {digits}, a random pair of them, 300", compare="exact")
              for i in range(6)]
    return tuple(cases)


# The texts each table is tried on (indices into TEXTS): those its mistakes show on.
TRIED = ((0, 4, 5, 6, 19), (1, 2, 3, 7), (8, 11), (12, 13, 14, 15, 16, 17), (9, 10, 18),
         (0, 5, 9, 10, 11, 13, 14, 16))


def _encode_cases() -> tuple[Case, ...]:
    cases = []
    for m, (_, says) in enumerate(TABLES):
        texts = [(f"TEXTS[{j}]", repr(TEXTS[j])) for j in TRIED[m]]
        texts += [(f"text({200 + 10 * m + j})", "a random text") for j in range(2 + (m == 5))]
        cases += [Case(f"m{m}_{j}", f"({expression}, dict(TABLES[{m}]))",
                       f"{shown}, merges {says}", compare="exact")
                  for j, (expression, shown) in enumerate(texts)]
    cases.append(Case("long", f"(text(300, pieces=1500), dict(TABLES[{len(TABLES) - 1}]))",
                      "a random text of about 6,000 characters, merges learned from Shakespeare",
                      compare="exact"))
    return tuple(cases)


def _decode_cases() -> tuple[Case, ...]:
    """The hidden tests' tables and id lists (merged ids, half characters, bytes that are not
    UTF-8), and the trained table on every merged id, random ids and the ids of texts."""
    tables = [
        ({(104, 105): 256, (32, 256): 257}, [[], [104], [256], [257, 257, 32, 256], [256, 256]]),
        ({(97, 98): 256, (256, 99): 257, (257, 257): 258, (32, 258): 259},
         [[258], [259, 256, 99], [257, 32, 258]]),
        ({(195, 169): 256, (226, 130): 257, (257, 172): 258},
         [[256], [258, 32, 256], [257], [226, 130]]),
        ({}, [list("Árvíztűrő 我们 🙂".encode()), list("我".encode())[:2], [255, 104, 105],
              list("🙂".encode())[1:]]),
    ]
    cases = [Case(f"table{m}_{j}", f"({ids!r}, {table!r})", f"{ids!r}, merges {table!r}",
                  compare="exact")
             for m, (table, id_lists) in enumerate(tables) for j, ids in enumerate(id_lists)]
    last, trained = 256 + len(TRAINED), f"dict(TABLES[{len(TABLES) - 1}])"
    cases += [Case("every_merge", f"(list(range(256, {last})), {trained})",
                   "every merged id once, merges learned from Shakespeare", compare="exact"),
              Case("random", f"(ids(400, 300, {last}), {trained})",
                   "300 random ids, merges learned from Shakespeare", compare="exact")]
    for j, t in enumerate(("ROMEO:\nBut, soft!", "Megszentségteleníthetetlenségeskedéseitekért",
                           "我们的语言模型", "emoji 👍🏽", "To be, or not to be: 'tis the rub.")):
        cases.append(Case(f"text{j}", f"({bpe.encode(t, TRAINED)!r}, {trained})",
                          f"the ids of {t!r}, merges learned from Shakespeare", compare="exact"))
    return tuple(cases)


CHECKS = Assignment("pixels_to_gpt.bpe", prelude=PRELUDE, fixtures=FIXTURES, questions=(
    Question("test_count_pairs", "count_pairs", _count_pairs_cases(), driver="counted"),
    Question("test_merge", "merge", _merge_cases(), driver="merged", fresh=True),
    # encode is checked with the course's count_pairs, merge and split_text in place
    Question("test_encode", "encode", _encode_cases(), driver="encoded",
             needs=("count_pairs", "merge", "split_text")),
    Question("test_decode", "decode", _decode_cases(), driver="without_tiktoken"),
))
