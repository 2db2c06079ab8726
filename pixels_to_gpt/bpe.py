"""Byte-pair encoding (BPE), the course's own: small pure functions, then tiktoken's speed.

Text becomes UTF-8 bytes (ids 0-255); training repeatedly finds the most frequent pair of
neighbouring ids and gives it a new id. The ordered `merges` dict, pair -> new id, is the
whole tokenizer:

>>> merges = {(97, 97): 256}            # "a", "a" -> 256
>>> encode("aaab", merges)
[256, 97, 98]
>>> decode([256, 97, 98], merges)
'aaab'

As GPT-2 does, text is first split into chunks (words with their leading space, numbers,
punctuation, whitespace) by `SPLIT_PATTERN`, and merges never cross a chunk's edge. The same
merges load into a `tiktoken.Encoding` (`to_tiktoken`), which gives the same ids much faster.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import regex
import tiktoken

Pair = tuple[int, int]

# GPT-2's rule for cutting text into chunks (tiktoken's `r50k_base`): English contractions,
# an optional space then letters, an optional space then digits, an optional space then
# other symbols, and whitespace. A word's leading space stays with the word.
SPLIT_PATTERN = (
    r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
)


def split_text(text: str) -> list[str]:
    """The chunks BPE works on, each on its own.

    >>> split_text("Hello, world! It's 2024.")
    ['Hello', ',', ' world', '!', ' It', "'s", ' 2024', '.']
    """
    return regex.findall(SPLIT_PATTERN, text)


def count_pairs(ids: list[int]) -> dict[Pair, int]:
    """How often each pair of neighbours occurs.

    >>> count_pairs([1, 2, 3, 1, 2])
    {(1, 2): 2, (2, 3): 1, (3, 1): 1}
    """
    counts: dict[Pair, int] = {}
    for pair in zip(ids, ids[1:], strict=False):  # ids[1:] is one shorter
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def merge(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """A new list with every occurrence of `pair` replaced by `new_id`, read left to right.

    Occurrences do not overlap: in [7, 7, 7] the first two 7s merge, the third stays.

    >>> merge([1, 2, 3, 1, 2], (1, 2), 4)
    [4, 3, 4]
    >>> merge([7, 7, 7], (7, 7), 8)
    [8, 7]
    """
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


def train_bpe(text: str, n_merges: int) -> dict[Pair, int]:
    """Learn `n_merges` merges from `text`: pair -> new id (256, 257, ...), in the order learned.

    Each step merges the most frequent pair of neighbours within the chunks of `split_text`
    (ties: the smallest ids first). Counting every distinct chunk once, weighted by how often
    it occurs, and recounting only the chunks a merge changes, keeps this at seconds for Tiny
    Shakespeare.

    >>> train_bpe("ab ab ab", 2)  # "a", "b" -> 256, then " " and 256 -> 257
    {(97, 98): 256, (32, 256): 257}
    """
    chunk_counts = Counter(split_text(text))
    chunks = [list(chunk.encode("utf-8")) for chunk in chunk_counts]
    weights = list(chunk_counts.values())

    chunk_pairs = [count_pairs(ids) for ids in chunks]
    pair_counts: Counter[Pair] = Counter()
    where: defaultdict[Pair, set[int]] = defaultdict(set)  # pair -> chunks that hold it
    for i, pairs in enumerate(chunk_pairs):
        for pair, n in pairs.items():
            pair_counts[pair] += n * weights[i]
            where[pair].add(i)

    merges: dict[Pair, int] = {}
    for step in range(n_merges):
        if not pair_counts:
            break  # every chunk is a single token: nothing left to merge
        top = max(pair_counts.values())
        best = min(pair for pair, n in pair_counts.items() if n == top)
        new_id = 256 + step
        merges[best] = new_id
        for i in where.pop(best):
            if best not in chunk_pairs[i]:
                continue  # an earlier merge already took this pair apart here
            # take the chunk's old pairs out of the counts, merge, put its new pairs in
            for pair, n in chunk_pairs[i].items():
                pair_counts[pair] -= n * weights[i]
                if pair_counts[pair] == 0:
                    del pair_counts[pair]
            chunks[i] = merge(chunks[i], best, new_id)
            chunk_pairs[i] = count_pairs(chunks[i])
            for pair, n in chunk_pairs[i].items():
                pair_counts[pair] += n * weights[i]
                where[pair].add(i)
    return merges


def vocab_bytes(merges: dict[Pair, int]) -> dict[int, bytes]:
    """Each id's bytes: the 256 single bytes, then each merge as the join of its pair.

    >>> vocab_bytes({(104, 105): 256, (256, 33): 257})[257]
    b'hi!'
    """
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), new_id in merges.items():  # in order: a pair's parts exist before it
        vocab[new_id] = vocab[a] + vocab[b]
    return vocab


def encode_chunk(ids: list[int], merges: dict[Pair, int]) -> list[int]:
    """Apply the merges to one chunk's ids, the earliest-learned pair first, until none applies.

    >>> encode_chunk([97, 98, 99], {(98, 99): 256, (97, 256): 257})
    [257]
    """
    ids = list(ids)
    while len(ids) >= 2:
        counts = count_pairs(ids)
        pair = min(counts, key=lambda p: merges.get(p, float("inf")))
        if pair not in merges:
            break  # no pair of this chunk was ever merged in training
        ids = merge(ids, pair, merges[pair])
    return ids


def encode(text: str, merges: dict[Pair, int]) -> list[int]:
    """Text -> token ids: split into chunks, UTF-8 bytes, then the merges on each chunk.

    >>> encode("hi hi", {(104, 105): 256, (32, 256): 257})
    [256, 257]
    """
    ids: list[int] = []
    for chunk in split_text(text):
        ids.extend(encode_chunk(list(chunk.encode("utf-8")), merges))
    return ids


def decode(ids: Iterable[int], merges: dict[Pair, int]) -> str:
    """Token ids -> text: join the tokens' bytes, then read them as UTF-8.

    Bytes that are not valid UTF-8 (half a character) become U+FFFD, as in tiktoken.

    >>> decode([256, 257], {(104, 105): 256, (32, 256): 257})
    'hi hi'
    """
    vocab = vocab_bytes(merges)
    return b"".join(vocab[i] for i in ids).decode("utf-8", errors="replace")


def to_tiktoken(merges: dict[Pair, int], name: str = "pixels_to_gpt_bpe",
                special_tokens: dict[str, int] | None = None) -> tiktoken.Encoding:
    """The same tokenizer as a `tiktoken.Encoding`: identical ids, encoded in Rust.

    tiktoken keeps no pairs, only each token's bytes and its rank (here: its id). It merges
    the two neighbours whose joined bytes are the lowest-ranked token, and it looks a whole
    chunk up directly when the chunk is a token. For merges that `train_bpe` learns, that
    applies the same merges in the same order as `encode` (tests/test_bpe.py checks it on
    Tiny Shakespeare and on varied text); a ValueError names merges for which it
    cannot: two merges making the same bytes, or a token whose bytes do not encode to it.

    >>> to_tiktoken({(104, 105): 256, (32, 256): 257}).encode("hi hi")
    [256, 257]
    """
    vocab = vocab_bytes(merges)
    ranks = {token: i for i, token in vocab.items()}
    if len(ranks) != len(vocab):
        raise ValueError("two merges make the same bytes: tiktoken needs one id per token")
    for new_id in merges.values():
        if encode_chunk(list(vocab[new_id]), merges) != [new_id]:
            raise ValueError(
                f"the bytes of token {new_id} ({vocab[new_id]!r}) do not encode to it, but "
                "tiktoken would give that token for them: the merges are not in the order "
                "training would learn them"
            )
    # special tokens (chapter 9's chat template) take ids after the merges; only
    # `encode(..., allowed_special=...)` makes them from text, `encode_ordinary` never does
    return tiktoken.Encoding(name, pat_str=SPLIT_PATTERN, mergeable_ranks=ranks,
                             special_tokens=special_tokens or {})
