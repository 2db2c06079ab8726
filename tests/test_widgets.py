"""The JupyterLab panel shows the distribution that sampling really uses."""

from __future__ import annotations

import torch

from pixels_to_gpt.checkpoint import load_checkpoint
from pixels_to_gpt.sampling import filtered_distribution, generate, sample_next_token, softmax
from pixels_to_gpt.tokenizers import printable
from pixels_to_gpt.widgets import sampling_panel


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


def test_panel_has_its_controls_and_shows_the_text_they_ask_for(capsys):
    """Outside a kernel the panel's output area prints to stdout: what a reader would see."""
    model, tokenizer, _ = load_checkpoint()
    panel = sampling_panel(model, tokenizer, "ROMEO:\n")  # draws once with the defaults
    controls = panel.children[0].children
    assert [c.description for c in controls] == ["temperature", "top-k (0: off)", "top-p", "seed"]
    assert [c.value for c in controls] == [1.0, 0, 1.0, 0]
    assert controls[1].max == tokenizer.vocab_size
    capsys.readouterr()
    controls[0].value = 0.0  # temperature 0: greedy, whatever the seed
    shown = capsys.readouterr().out
    prompt = torch.tensor([tokenizer.encode("ROMEO:\n")])
    greedy = generate(model, prompt, 150, model.config.block_size, temperature=0.0)
    assert shown.endswith("ROMEO:\n" + tokenizer.decode(greedy[0, prompt.size(1):].tolist()) + "\n")


def test_the_kernel_free_explorer_does_not_need_ipywidgets():
    import subprocess
    import sys

    code = "import sys, pixels_to_gpt.explorer; assert 'ipywidgets' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
