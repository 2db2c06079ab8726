"""Tiny Shakespeare, as text and as character ids split for training and validation."""

from __future__ import annotations

import torch

from pixels_to_gpt.data import fetch
from pixels_to_gpt.tokenizers import CharTokenizer


def load_shakespeare() -> str:
    """The whole corpus (about 1.1 million characters), through the course's data layer."""
    return fetch("tinyshakespeare").read_text(encoding="utf-8")


def shakespeare_char_data(
    val_fraction: float = 0.1,
) -> tuple[CharTokenizer, torch.Tensor, torch.Tensor]:
    """The character tokenizer and the (train, val) id tensors: the first 90% trains.

    This is nanoGPT's `shakespeare_char` split, so validation losses can be compared.
    """
    text = load_shakespeare()
    tokenizer = CharTokenizer.from_text(text)
    ids = torch.tensor(tokenizer.encode(text), dtype=torch.long)
    n_train = int(len(ids) * (1 - val_fraction))
    return tokenizer, ids[:n_train], ids[n_train:]
