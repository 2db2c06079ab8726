"""The course's byte-pair encoding: its small functions, its training, and tiktoken agreeing."""

from __future__ import annotations

import doctest
import random

import pytest

from pixels_to_gpt import bpe
from pixels_to_gpt.bpe import (
    count_pairs,
    decode,
    encode,
    merge,
    split_text,
    to_tiktoken,
    train_bpe,
    vocab_bytes,
)
from pixels_to_gpt.corpus import load_shakespeare
from pixels_to_gpt.tokenizers import gpt2_encoding

EDGE_STRINGS = [
    "",
    "a",
    " ",
    "\n",
    "\n\n\n",
    "   leading and trailing   ",
    "aaaaaaa",
    "Hello, world!",
    "ROMEO:\nBut, soft! what light through yonder window breaks?",
    "I'll, you're, we've, she'd, 'tis, don't",
    "3.14159 and 2024-11-23, 1,000,000",
    "🙂",
    "emoji 👍🏽 and a family 👨‍👩‍👧",
    "Árvíztűrő tükörfúrógép",  # Hungarian: every accented vowel of the language
    "Megszentségteleníthetetlenségeskedéseitekért",
    "我们的语言模型",  # Chinese
    "混合 text 和中文。",
    "Здравствуй, мир",
    "tabs\tand\r\nwindows line ends",
    "\u00e9 vs e\u0301",  # one character and a combining accent
    "<|endoftext|> is plain text here",
]


@pytest.fixture(scope="module")
def shakespeare() -> str:
    return load_shakespeare()


@pytest.fixture(scope="module")
def merges(shakespeare) -> dict[tuple[int, int], int]:
    # the first 300,000 characters keep training to a second or two
    return train_bpe(shakespeare[:300_000], 300)


def test_docstring_examples_are_true():
    result = doctest.testmod(bpe)
    assert result.attempted > 10 and result.failed == 0


def test_count_pairs_counts_neighbours():
    assert count_pairs([1, 2, 3, 1, 2]) == {(1, 2): 2, (2, 3): 1, (3, 1): 1}
    assert count_pairs([5, 5, 5]) == {(5, 5): 2}  # counting sees overlapping pairs
    assert count_pairs([]) == {} and count_pairs([9]) == {}


def test_merge_replaces_every_occurrence_left_to_right_without_overlap():
    assert merge([1, 2, 3, 1, 2], (1, 2), 4) == [4, 3, 4]
    assert merge([7, 7, 7], (7, 7), 8) == [8, 7]
    assert merge([7, 7, 7, 7], (7, 7), 8) == [8, 8]
    assert merge([2, 1, 2, 1], (1, 2), 9) == [2, 9, 1]
    assert merge([1, 3], (1, 2), 9) == [1, 3] and merge([], (1, 2), 9) == []


def test_merge_leaves_its_input_alone():
    ids = [1, 2, 1, 2]
    merge(ids, (1, 2), 3)
    assert ids == [1, 2, 1, 2]


def test_split_text_cuts_where_gpt2_does():
    """Encoding chunk by chunk with GPT-2 gives what tiktoken gives for the whole text."""
    gpt2 = gpt2_encoding()
    for text in EDGE_STRINGS:
        chunks = split_text(text)
        assert "".join(chunks) == text
        by_chunk = [i for chunk in chunks for i in gpt2.encode_ordinary(chunk)]
        assert by_chunk == gpt2.encode_ordinary(text), text


def test_train_learns_the_most_frequent_pair_first():
    merges = train_bpe("low lower lowest", 3)
    vocab = vocab_bytes(merges)
    assert list(merges.values()) == [256, 257, 258]
    # "lo" and "ow" both occur 3 times: the tie goes to the smaller ids, (108, 111) = "lo"
    assert [vocab[i] for i in merges.values()] == [b"lo", b"low", b" low"]


def test_train_stops_when_nothing_is_left_to_merge():
    merges = train_bpe("ab ab", 10)
    assert [vocab_bytes(merges)[i] for i in merges.values()] == [b"ab", b" ab"]


def test_shakespeare_merges_start_with_common_english(merges):
    vocab = vocab_bytes(merges)
    learned = [vocab[i] for i in merges.values()]
    assert len(learned) == 300 and len(set(learned)) == 300
    assert b" the" in learned[:20] and b"he" in learned[:5]
    # merges never cross a chunk's edge, so no token ends in a space
    assert not any(token.endswith(b" ") and token.strip() for token in learned)


def test_encode_without_merges_is_utf8_bytes():
    assert encode("aé我", {}) == list("aé我".encode())


@pytest.mark.parametrize("text", EDGE_STRINGS)
def test_round_trip(text, merges):
    assert decode(encode(text, merges), merges) == text


def test_encoding_shortens_shakespeare(merges, shakespeare):
    text = shakespeare[-20_000:]  # text the merges were not learned from
    ids = encode(text, merges)
    assert len(ids) < 0.6 * len(text.encode())


def test_decode_of_half_a_character_is_a_replacement_character(merges):
    assert decode(list("我".encode())[:2], merges) == "\ufffd"
    assert decode(list("我".encode())[:2], merges) == to_tiktoken(merges).decode(
        list("我".encode())[:2]
    )


@pytest.mark.parametrize("text", EDGE_STRINGS)
def test_tiktoken_gives_our_ids_on_edge_strings(text, merges):
    enc = to_tiktoken(merges)
    assert enc.encode_ordinary(text) == encode(text, merges)
    assert enc.decode(encode(text, merges)) == text


def test_tiktoken_gives_our_ids_on_unseen_shakespeare_and_random_text(merges, shakespeare):
    enc = to_tiktoken(merges)
    unseen = shakespeare[-50_000:]
    assert enc.encode_ordinary(unseen) == encode(unseen, merges)
    rng = random.Random(0)
    alphabet = sorted(set(shakespeare)) + list("éőű我们🙂 ")
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert enc.encode_ordinary(text) == encode(text, merges), repr(text)
    for _ in range(100):  # glue real words together in new ways
        start = rng.randrange(len(shakespeare) - 30)
        text = shakespeare[start : start + rng.randint(1, 30)].replace(" ", rng.choice(["", " "]))
        assert enc.encode_ordinary(text) == encode(text, merges), repr(text)


def test_tiktoken_vocabulary_matches_ours(merges):
    enc = to_tiktoken(merges)
    vocab = vocab_bytes(merges)
    assert enc.n_vocab == 256 + 300
    assert all(enc.decode_single_token_bytes(i) == token for i, token in vocab.items())


def test_to_tiktoken_refuses_merges_it_would_apply_differently():
    # 258 and 259 are both b"abc": tiktoken needs one id per byte string
    with pytest.raises(ValueError, match="same bytes"):
        to_tiktoken({(97, 98): 256, (98, 99): 257, (256, 99): 258, (97, 257): 259})
    # "bc" is learned before "ab", so "abc" never encodes to (256, 99) = 258
    with pytest.raises(ValueError, match="do not encode to it"):
        to_tiktoken({(98, 99): 256, (97, 98): 257, (257, 99): 258})
