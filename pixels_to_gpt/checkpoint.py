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
from pixels_to_gpt.tokenizers import BPETokenizer, CharTokenizer

Tokenizer = CharTokenizer | BPETokenizer

CHECKPOINT_DIR = Path(__file__).parent / "checkpoints"
SHAKESPEARE_CHECKPOINT = CHECKPOINT_DIR / "shakespeare_char.pt"
# chapter 9's: the GPT on BPE tokens, and the chat model fine-tuned from it
BPE_CHECKPOINT = CHECKPOINT_DIR / "shakespeare_bpe.pt"
CHAT_CHECKPOINT = CHECKPOINT_DIR / "shakespeare_chat.pt"


def _committed() -> dict[Path, tuple[str, str, str]]:
    """Each committed checkpoint: (what it is, the command that makes it again, how long)."""
    return {
        SHAKESPEARE_CHECKPOINT: ("Tiny Shakespeare model", "train-checkpoint", "about 6 minutes"),
        BPE_CHECKPOINT: ("Tiny Shakespeare model on BPE tokens (chapter 9)",
                         "train-chat-checkpoints", "about 10 minutes"),
        CHAT_CHECKPOINT: ("chat model (chapter 9)", "train-chat-checkpoints", "about 10 minutes"),
    }


def save_checkpoint(path: Path, model: GPT, tokenizer: Tokenizer, info: dict) -> None:
    """Write the model and `info` (training settings, log, val_loss) to `path` (+ a .json).

    The tokenizer is kept as its characters, or as its merges (in order) and special tokens.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(tokenizer, BPETokenizer):
        kept = {"merges": [list(pair) for pair in tokenizer.merges],
                "special": list(tokenizer.special)}
    else:
        kept = {"chars": tokenizer.chars}
    torch.save(
        {"config": asdict(model.config), "state_dict": model.state_dict(), **kept, "info": info},
        path,
    )
    # the same facts, readable without torch
    summary = {"config": asdict(model.config), **info}
    path.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n")


def load_checkpoint(path: Path = SHAKESPEARE_CHECKPOINT) -> tuple[GPT, Tokenizer, dict]:
    """(model in eval mode, its tokenizer, its info) from a checkpoint file.

    Without a path: the course's Tiny Shakespeare model. A missing or foreign file raises
    FileNotFoundError or ValueError saying how to make a checkpoint.
    """
    path = Path(path)
    make = (f"`python -m pixels_to_gpt train-checkpoint` writes it at {SHAKESPEARE_CHECKPOINT} "
            "(about 6 minutes)")
    if not path.is_file():
        shown = str(path) if path.is_absolute() else f"{path} (that is, {path.resolve()})"
        what = "is a folder, not a checkpoint file" if path.is_dir() else "does not exist"
        committed = {p.resolve(): (p, *made) for p, made in _committed().items()}
        if path.resolve() in committed:
            where, model_name, command, takes = committed[path.resolve()]
            todo = (f"the course's {model_name} is missing: `python -m pixels_to_gpt {command}` "
                    f"writes it at {where} ({takes})")
        else:
            todo = ("give the path of a file written by save_checkpoint(path, model, tokenizer, "
                    "info) (a relative path is read from the current folder), or call "
                    "load_checkpoint() without a path for the course's Tiny Shakespeare model; "
                    f"if that is missing too, {make}")
        raise FileNotFoundError(f"no checkpoint: {shown} {what}: {todo}")
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
        config, state_dict = saved["config"], saved["state_dict"]
        if "merges" in saved:  # merge i made id 256 + i
            tokenizer = BPETokenizer({tuple(pair): 256 + i for i, pair in
                                      enumerate(saved["merges"])}, saved["special"])
        else:
            tokenizer = CharTokenizer(saved["chars"])
    except Exception as error:  # whatever is wrong with the file, the advice is the same
        raise ValueError(
            f"{path} is not a checkpoint written by the course's save_checkpoint "
            f"({type(error).__name__}: {str(error)[:200]}): save models with "
            "pixels_to_gpt.checkpoint.save_checkpoint(path, model, tokenizer, info), not with "
            "torch.save of a state_dict"
        ) from error
    model = GPT(GPTConfig(**config))
    model.load_state_dict(state_dict)
    model.eval()
    return model, tokenizer, saved.get("info", {})
