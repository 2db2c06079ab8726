"""Tiny Shakespeare, as text and as ids (characters or BPE tokens) split for training and
validation."""

from __future__ import annotations

import torch

from pixels_to_gpt.bpe import train_bpe
from pixels_to_gpt.data import fetch
from pixels_to_gpt.tokenizers import BPETokenizer, CharTokenizer


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


def shakespeare_bpe_data(
    n_merges: int, special: tuple[str, ...] = (), val_fraction: float = 0.1,
) -> tuple[BPETokenizer, torch.Tensor, torch.Tensor]:
    """The course's BPE learned on the training text, and the (train, val) id tensors.

    The text is cut at the same character as `shakespeare_char_data`'s split, so both models
    are measured on the same validation text; the merges are learned from the training part
    only. `special` names the tokens the vocabulary keeps after the merges (chapter 9's chat
    template), which the corpus itself never holds.
    """
    text = load_shakespeare()
    n_train = int(len(text) * (1 - val_fraction))
    tokenizer = BPETokenizer(train_bpe(text[:n_train], n_merges), special)
    return (tokenizer, torch.tensor(tokenizer.encode(text[:n_train]), dtype=torch.long),
            torch.tensor(tokenizer.encode(text[n_train:]), dtype=torch.long))
