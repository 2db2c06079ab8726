"""The training benchmark runs from one command and reports what its README promises."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import fields
from pathlib import Path

import pytest

from pixels_to_gpt.model import GPTConfig
from pixels_to_gpt.train import TrainConfig

BENCH = Path(__file__).resolve().parents[1] / "bench" / "train_speed.py"


@pytest.fixture(scope="module")
def train_speed():
    spec = importlib.util.spec_from_file_location("train_speed", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_preset_is_a_valid_model_and_training_configuration(train_speed):
    model_keys = {f.name for f in fields(GPTConfig)}
    for name, (model, training) in train_speed.PRESETS.items():
        assert set(model) <= model_keys, name
        GPTConfig(vocab_size=65, **model)
        TrainConfig(**training)
    assert set(train_speed.DEFAULT_PRESETS) <= set(train_speed.PRESETS)


def test_one_short_run_reports_speed_loss_and_mfu(train_speed, tmp_path, capsys):
    out = tmp_path / "result.json"
    code = train_speed.main(["--preset", "fast45", "--set", "max_seconds=2", "--marks", "1",
                             "--threads", "1", "--json", str(out)])
    assert code == 0
    result = json.loads(out.read_text())
    assert result["threads"] == 1 and result["matmul_peak_gflops"] > 0
    (run,) = result["results"]
    assert run["preset"] == "fast45" and run["train"]["optimizer"] == "muon"
    assert run["train"]["max_seconds"] == 2  # the override reached the training settings
    # it trained for the seconds it was given (how fast is for bench/, not for a test)
    assert run["train_seconds"] >= 2 and run["iters"] > 0
    assert run["tokens_per_s"] > 0 and 0 < run["mfu"] < 1
    assert set(run["val_loss_at"]) == {"1s"} and 1.5 < run["val_loss_final"] < 4.5
    assert "fast45:" in capsys.readouterr().out
