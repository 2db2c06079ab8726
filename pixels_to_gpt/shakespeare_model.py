"""How the committed Tiny Shakespeare checkpoint is made: one function, one configuration."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import torch

from pixels_to_gpt.checkpoint import SHAKESPEARE_CHECKPOINT, save_checkpoint
from pixels_to_gpt.corpus import shakespeare_char_data
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.train import TrainConfig, split_loss, train

MODEL_CONFIG = dict(block_size=128, n_layer=4, n_head=4, n_embd=128, dropout=0.0)
TRAIN_CONFIG = TrainConfig(
    max_iters=2500, batch_size=16, learning_rate=2e-3, min_lr=2e-4, warmup_iters=100,
    eval_interval=500, seed=1337,
)


def train_shakespeare_checkpoint(
    path: Path = SHAKESPEARE_CHECKPOINT, train_config: TrainConfig = TRAIN_CONFIG
) -> float:
    """Train the course's character-level model on Tiny Shakespeare and save it.

    Returns the validation loss over the whole validation split (also stored with it).
    With the default settings it takes about 6 minutes on 2 CPU cores.
    """
    torch.manual_seed(train_config.seed)
    tokenizer, train_ids, val_ids = shakespeare_char_data()
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, **MODEL_CONFIG))
    log = train(model, train_ids, val_ids, train_config)
    val_loss = round(split_loss(model, val_ids), 4)
    info = {
        "corpus": "tinyshakespeare (first 90% train, last 10% validation)",
        "train_config": asdict(train_config),
        "log": log,
        "val_loss": val_loss,
        "torch_version": str(torch.__version__),
    }
    save_checkpoint(path, model, tokenizer, info)
    return val_loss
