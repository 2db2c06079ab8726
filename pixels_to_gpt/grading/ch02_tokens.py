"""What the hidden tests of chapter 2 share; runs in the student's kernel at grading time; not
shipped to students.

The hidden tests of `encode` and `decode` compare the student's ids and texts with tiktoken's,
on the same merges: `tiktoken_for(merges)` builds that Encoding from tiktoken's own class, and
`tiktoken_shortcuts()` names the tiktoken functions the student's code may not call.
"""

from __future__ import annotations

import tiktoken
import tiktoken.core

# GPT-2's rule for cutting text into chunks (tiktoken's r50k_base), for the Encoding below.
PATTERN = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""


def tiktoken_shortcuts() -> list[tuple[object, str]]:
    """The tiktoken functions `encode` and `decode` may not call, as (owner, name) pairs.

    Built on each call, from the tiktoken classes the kernel has at that moment.
    """
    return [(tiktoken, "Encoding"), (tiktoken, "get_encoding"),
            (tiktoken.core.Encoding, "encode"), (tiktoken.core.Encoding, "encode_ordinary"),
            (tiktoken.core.Encoding, "decode"), (tiktoken.core.Encoding, "decode_bytes")]


def tiktoken_for(merges: dict[tuple[int, int], int]) -> tiktoken.core.Encoding:
    """The merges as a tiktoken Encoding (ranks = ids), built from tiktoken's own class."""
    for name in ("__init__", "encode_ordinary", "decode", "decode_bytes"):
        file = getattr(getattr(tiktoken.core.Encoding.__dict__.get(name), "__code__", None),
                       "co_filename", "")
        assert file.replace("\\", "/").endswith("tiktoken/core.py"), (
            f"this notebook replaces tiktoken's Encoding.{name}, which grading relies on: remove "
            "the line that assigns it and restart the kernel")
    vocab = {i: bytes([i]) for i in range(256)}
    for (a, b), i in merges.items():
        vocab[i] = vocab[a] + vocab[b]
    return tiktoken.core.Encoding("exercise", pat_str=PATTERN,
                                  mergeable_ranks={t: i for i, t in vocab.items()},
                                  special_tokens={})
