"""Tokenizers: text to token ids and back.

- `gpt2_encoding()`: GPT-2's byte-pair encoding through tiktoken (`r50k_base`, the same 50,257
  ids as `gpt2`), loaded from the course's data layer so it works from a mirror offline.
- `CharTokenizer`: one token per character, the vocabulary of Tiny Shakespeare models.

Both check what they are given: `encode` takes a str, `decode` one sequence of whole-number
ids inside the vocabulary (a list, or a 1-D tensor); anything else raises TypeError or
ValueError naming the culprit and what to pass instead.
"""

from __future__ import annotations

import functools
import operator
import os
from collections.abc import Iterable

import tiktoken

from pixels_to_gpt import bpe
from pixels_to_gpt.data import fetch


def printable(ch: str) -> str:
    """A token's text as a readable label: '\\n' for newline, '␣' for space."""
    return {"\n": "\\n", " ": "␣"}.get(ch, ch)


def token_ids(ids: Iterable[int], vocab_size: int) -> list[int]:
    """`ids` as a list of ints, each in 0 .. vocab_size - 1, or an error that says what to pass.

    Takes a list, a tuple or a 1-D tensor or array: what `decode` accepts.
    """
    if isinstance(ids, str):
        raise TypeError("decode takes token ids, got a str: encode turns text into ids")
    if hasattr(ids, "tolist"):  # a tensor or a NumPy array
        if len(getattr(ids, "shape", ())) == 0:
            raise TypeError("decode takes a sequence of ids, got a single id in a 0-d "
                            f"{type(ids).__name__}: pass a list, decode([ids.item()])")
        if len(ids.shape) != 1:
            raise ValueError(
                f"decode takes one sequence of ids, got a {type(ids).__name__} of shape "
                f"{tuple(ids.shape)}: decode one row at a time, e.g. decode(out[0].tolist())"
            )
        ids = ids.tolist()
    try:
        ids = list(ids)
    except TypeError:
        raise TypeError(
            f"decode takes a sequence of ids, got {type(ids).__name__} {ids!r}: "
            f"for a single id pass a list, decode([{ids!r}])"
        ) from None
    checked = []
    for position, i in enumerate(ids):
        try:
            token = operator.index(i)  # int, NumPy int or 0-d integer tensor; not a float
        except TypeError:
            hint = ("decode one row at a time, e.g. decode(out[0].tolist())"
                    if isinstance(i, (list, tuple))
                    else "ids are whole numbers: convert with int(id), or a tensor with .long()")
            raise TypeError(f"decode takes whole-number token ids, got {i!r} "
                            f"({type(i).__name__}) at position {position}: {hint}") from None
        if not 0 <= token < vocab_size:
            raise ValueError(
                f"token id {token} (at position {position}) is outside this tokenizer's "
                f"vocabulary of {vocab_size} ids (0 to {vocab_size - 1}): decode only ids that "
                f"this tokenizer's encode, or a model with vocab_size={vocab_size}, produced"
            )
        checked.append(token)
    return checked


class GPT2Encoding(tiktoken.Encoding):
    """tiktoken's Encoding, with errors that say what to pass (tiktoken's own say less)."""

    def encode(self, text: str, **kwargs) -> list[int]:
        if not isinstance(text, str):
            raise TypeError(f"encode takes text (a str), got {type(text).__name__}: decode is "
                            "the one that takes token ids")
        return super().encode(text, **kwargs)

    def decode(self, tokens: Iterable[int], errors: str = "replace") -> str:
        return super().decode(token_ids(tokens, self.n_vocab), errors=errors)


@functools.cache
def gpt2_encoding() -> GPT2Encoding:
    """GPT-2's tokenizer. Tokens include their leading space: " world" is one token.

    >>> gpt2_encoding().encode("Hello, world!")
    [15496, 11, 995, 0]
    """
    from tiktoken_ext.openai_public import r50k_base  # tiktoken's own recipe for the encoding

    ranks = fetch("r50k_base")
    # tiktoken looks for its files in TIKTOKEN_CACHE_DIR, named by the SHA-1 of their URL,
    # which is exactly how the data layer lays them out.
    cache = ranks.parent
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(cache)
    try:
        return GPT2Encoding(**r50k_base())
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
        if not isinstance(text, str):
            raise TypeError(f"encode takes text (a str), got {type(text).__name__}: decode is "
                            "the one that takes token ids")
        unknown = sorted(set(text) - self.stoi.keys())
        if unknown:
            known = "".join(self.chars)
            raise ValueError(
                f"characters {unknown!r} (the first at position {text.index(unknown[0])}) are "
                f"not in this tokenizer's vocabulary of {self.vocab_size} characters "
                f"({known[:80]!r}{'...' if len(known) > 80 else ''}): use only characters "
                "seen in the training text, e.g. replace or remove the others first"
            )
        return [self.stoi[ch] for ch in text]

    def decode(self, ids: Iterable[int]) -> str:
        return "".join(self.chars[i] for i in token_ids(ids, self.vocab_size))


class BPETokenizer:
    """The course's own byte-pair encoding (chapter 2) with special tokens after its merges.

    Ids 0-255 are bytes, 256 ... are the merges in the order learned, and the special tokens
    (chapter 9's chat template: roles and the end of an answer) come last. Text never turns
    into a special token: `encode` reads "<|end|>" typed in a prompt as plain characters, so
    only the template places them (`pixels_to_gpt.chat`).

    >>> tok = BPETokenizer({(104, 105): 256}, ["<|end|>"])
    >>> tok.encode("hi!"), tok.vocab_size, tok.special["<|end|>"]
    ([256, 33], 258, 257)
    >>> tok.decode([256, 33, 257])
    'hi!<|end|>'
    """

    def __init__(self, merges: dict[tuple[int, int], int], special: Iterable[str] = ()):
        self.merges = dict(merges)
        first = 256 + len(self.merges)
        self.special = {name: first + i for i, name in enumerate(special)}
        # the same ids as bpe.encode, encoded by tiktoken (in Rust), special tokens added
        self._encoding = bpe.to_tiktoken(self.merges, special_tokens=self.special)
        self._names = {i: name for name, i in self.special.items()}

    @property
    def vocab_size(self) -> int:
        return 256 + len(self.merges) + len(self.special)

    def encode(self, text: str) -> list[int]:
        if not isinstance(text, str):
            raise TypeError(f"encode takes text (a str), got {type(text).__name__}: decode is "
                            "the one that takes token ids")
        return self._encoding.encode_ordinary(text)

    def decode(self, ids: Iterable[int]) -> str:
        return self._encoding.decode(token_ids(ids, self.vocab_size), errors="replace")

    def pieces(self, ids: Iterable[int]) -> list[str]:
        """Each token's own text, to show where the cuts fall (special tokens by name)."""
        return [self._names.get(i) or self._encoding.decode_single_token_bytes(i).decode(
            "utf-8", errors="replace") for i in token_ids(ids, self.vocab_size)]
