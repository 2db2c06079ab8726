"""The JupyterLab panel shows the distribution that sampling really uses."""

from __future__ import annotations

import torch

from pixels_to_gpt.checkpoint import load_checkpoint
from pixels_to_gpt.sampling import sample_next_token, softmax
from pixels_to_gpt.widgets import filtered_distribution, printable, sampling_panel


def test_filtered_distribution_matches_the_draws():
    logits = torch.randn(30, generator=torch.Generator().manual_seed(0)) * 2
    probs = filtered_distribution(logits, 0.7, 5, 0.8)
    assert abs(probs.sum().item() - 1) < 1e-6 and int((probs > 0).sum()) <= 5
    draws = sample_next_token(logits.repeat(20_000, 1), 0.7, 5, 0.8,
                              torch.Generator().manual_seed(1))
    share = torch.bincount(draws[:, 0], minlength=30) / 20_000
    assert torch.allclose(share, probs, atol=0.02)


def test_temperature_zero_is_one_hot_and_one_is_plain_softmax():
    logits = torch.tensor([0.5, 2.0, -1.0])
    assert torch.equal(filtered_distribution(logits, 0, None, None), torch.tensor([0.0, 1.0, 0.0]))
    assert torch.allclose(filtered_distribution(logits, 1.0, None, 1.0), softmax(logits))


def test_labels_make_whitespace_visible():
    assert [printable(c) for c in "a \n"] == ["a", "␣", "\\n"]


def test_panel_builds_without_error():
    model, tokenizer, _ = load_checkpoint()
    sampling_panel(model, tokenizer, "ROMEO:\n")  # draws once with the default settings
