"""Saving and loading trained models, and the course's committed Tiny Shakespeare model.

A checkpoint holds everything needed to use the model again: the configuration, the weights,
the tokenizer's characters, and how it was trained with the validation loss it reached.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import torch

from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.tokenizers import CharTokenizer

CHECKPOINT_DIR = Path(__file__).parent / "checkpoints"
SHAKESPEARE_CHECKPOINT = CHECKPOINT_DIR / "shakespeare_char.pt"


def save_checkpoint(path: Path, model: GPT, tokenizer: CharTokenizer, info: dict) -> None:
    """Write the model and `info` (training settings, log, val_loss) to `path` (+ a .json)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save(
        {
            "config": asdict(model.config),
            "state_dict": model.state_dict(),
            "chars": tokenizer.chars,
            "info": info,
        },
        path,
    )
    # the same facts, readable without torch
    summary = {"config": asdict(model.config), **info}
    path.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n")


def load_checkpoint(path: Path = SHAKESPEARE_CHECKPOINT) -> tuple[GPT, CharTokenizer, dict]:
    """(model in eval mode, its tokenizer, its info) from a checkpoint file."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no checkpoint at {path}: run `python -m pixels_to_gpt train-checkpoint` to make it"
        )
    saved = torch.load(path, map_location="cpu", weights_only=True)
    model = GPT(GPTConfig(**saved["config"]))
    model.load_state_dict(saved["state_dict"])
    model.eval()
    return model, CharTokenizer(saved["chars"]), saved["info"]
