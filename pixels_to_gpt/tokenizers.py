"""Tokenizers: text to token ids and back.

- `gpt2_encoding()`: GPT-2's byte-pair encoding through tiktoken (`r50k_base`, the same 50,257
  ids as `gpt2`), loaded from the course's data layer so it works from a mirror offline.
- `CharTokenizer`: one token per character, the vocabulary of Tiny Shakespeare models.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import tiktoken

from pixels_to_gpt.data import fetch


def gpt2_encoding() -> tiktoken.Encoding:
    """GPT-2's tokenizer. Tokens include their leading space: " world" is one token.

    >>> gpt2_encoding().encode("Hello, world!")
    [15496, 11, 995, 0]
    """
    ranks = fetch("r50k_base")
    # tiktoken looks for its files in TIKTOKEN_CACHE_DIR, named by the SHA-1 of their URL,
    # which is exactly how the data layer lays them out.
    cache = ranks.parent
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    try:
        return tiktoken.get_encoding("r50k_base")
    finally:
        if previous is None:
            del os.environ["TIKTOKEN_CACHE_DIR"]
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = previous


class CharTokenizer:
    """A character-level tokenizer: each distinct character of the training text is one id.

    >>> tok = CharTokenizer.from_text("hello")
    >>> tok.chars, tok.encode("hole")
    (['e', 'h', 'l', 'o'], [1, 3, 2, 0])
    """

    def __init__(self, chars: Iterable[str]):
        self.chars = list(chars)
        self.stoi = {ch: i for i, ch in enumerate(self.chars)}

    @classmethod
    def from_text(cls, text: str) -> CharTokenizer:
        return cls(sorted(set(text)))

    @property
    def vocab_size(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> list[int]:
        unknown = sorted(set(text) - self.stoi.keys())
        if unknown:
            raise ValueError(
                f"characters {unknown!r} are not in this tokenizer's vocabulary of "
                f"{self.vocab_size}: use only characters seen in the training text"
            )
        return [self.stoi[ch] for ch in text]

    def decode(self, ids: Iterable[int]) -> str:
        return "".join(self.chars[int(i)] for i in ids)
