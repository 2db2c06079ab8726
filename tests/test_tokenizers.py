"""Tokenizers: GPT-2's BPE from the data layer, and the character tokenizer."""

from __future__ import annotations

import os

import pytest

from pixels_to_gpt.tokenizers import CharTokenizer, gpt2_encoding


def test_gpt2_ids_match_the_published_ones():
    enc = gpt2_encoding()
    assert enc.encode("Hello, world!") == [15496, 11, 995, 0]
    assert enc.n_vocab == 50257


def test_gpt2_tokens_carry_their_leading_space():
    enc = gpt2_encoding()
    ids = enc.encode("the cat")
    assert [enc.decode([i]) for i in ids] == ["the", " cat"]


@pytest.mark.parametrize("text", ["", "a", "naïve café 🙂", "Árvíztűrő tükörfúrógép", "你好，世界"])
def test_gpt2_round_trip(text):
    enc = gpt2_encoding()
    assert enc.decode(enc.encode(text)) == text


def test_loading_gpt2_leaves_the_environment_as_it_was():
    before = os.environ.get("TIKTOKEN_CACHE_DIR")
    gpt2_encoding()
    assert os.environ.get("TIKTOKEN_CACHE_DIR") == before


def test_char_tokenizer_round_trip_and_sorted_vocabulary():
    tok = CharTokenizer.from_text("First Citizen:\nBefore we proceed")
    assert tok.chars == sorted(tok.chars)
    text = "Before we\nproceed"
    assert tok.decode(tok.encode(text)) == text
    assert tok.vocab_size == len(set("First Citizen:\nBefore we proceed"))


def test_char_tokenizer_names_unknown_characters():
    tok = CharTokenizer.from_text("abc")
    with pytest.raises(ValueError, match=r"\['z'\]"):
        tok.encode("abz")
