"""The committed Tiny Shakespeare checkpoint, and saving and loading models."""

from __future__ import annotations

import json

import pytest
import torch

from pixels_to_gpt.checkpoint import SHAKESPEARE_CHECKPOINT, load_checkpoint, save_checkpoint
from pixels_to_gpt.corpus import shakespeare_char_data
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.tokenizers import CharTokenizer
from pixels_to_gpt.train import split_loss


def test_committed_checkpoint_reaches_its_recorded_validation_loss():
    model, tokenizer, info = load_checkpoint()
    corpus_tokenizer, _, val = shakespeare_char_data()
    assert tokenizer.chars == corpus_tokenizer.chars
    assert split_loss(model, val) == pytest.approx(info["val_loss"], abs=2e-3)
    assert info["val_loss"] < 1.8, "the committed model should write recognisable text"


def test_committed_checkpoint_is_small_and_described():
    assert SHAKESPEARE_CHECKPOINT.stat().st_size < 5 * 2**20
    summary = json.loads(SHAKESPEARE_CHECKPOINT.with_suffix(".json").read_text())
    _, _, info = load_checkpoint()
    assert summary["val_loss"] == info["val_loss"]
    assert summary["train_config"] == info["train_config"]


def test_save_and_load_give_the_same_model(tmp_path):
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=5, block_size=8, n_layer=1, n_head=2, n_embd=8))
    tok = CharTokenizer("abcde")
    save_checkpoint(tmp_path / "m.pt", model, tok, {"val_loss": 1.0})
    loaded, loaded_tok, info = load_checkpoint(tmp_path / "m.pt")
    idx = torch.tensor([[0, 1, 2, 3]])
    assert torch.equal(model.eval()(idx), loaded(idx))
    assert loaded_tok.chars == tok.chars and info == {"val_loss": 1.0}
    assert not loaded.training


def test_the_regeneration_command_trains_saves_and_records(tmp_path):
    """`python -m pixels_to_gpt train-checkpoint` runs this function; here for 30 steps."""
    from dataclasses import replace

    from pixels_to_gpt.shakespeare_model import TRAIN_CONFIG, train_shakespeare_checkpoint

    short = replace(TRAIN_CONFIG, max_iters=30, eval_interval=0, warmup_iters=5)
    val_loss = train_shakespeare_checkpoint(tmp_path / "m.pt", short)
    model, _, info = load_checkpoint(tmp_path / "m.pt")
    assert info["val_loss"] == val_loss < 3.5  # below ln(65) = 4.17: it learned something
    assert info["train_config"]["max_iters"] == 30
    assert model.config.block_size >= 128


def test_missing_checkpoint_says_how_to_make_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-checkpoint"):
        load_checkpoint(tmp_path / "none.pt")
