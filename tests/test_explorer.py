"""The chapter-7 sampling explorer: the data it exports and the arithmetic of its script.

The page itself (sliders, bars) is tested in a real browser by tests/test_site_browser.py;
here the Python side, and the script's arithmetic run by node where node is installed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import torch
from course_tree import REPO

from pixels_to_gpt.checkpoint import load_checkpoint
from pixels_to_gpt.explorer import explorer_data, explorer_html, next_token_logits
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.sampling import filtered_distribution, sample_next_token
from pixels_to_gpt.tokenizers import CharTokenizer

SCRIPT = REPO / "book" / "_static" / "sampling_explorer.js"
PROMPT = "JULIET:\nO Romeo, Romeo! wherefore art thou"


@pytest.fixture(scope="module")
def shakespeare():
    model, tokenizer, _ = load_checkpoint()
    return model, tokenizer


def _embedded(block) -> dict:
    """The JSON data inside an explorer's HTML."""
    found = re.findall(
        r'<script type="application/json" class="sampling-explorer-data">(.*?)</script>',
        block.data, flags=re.S,
    )
    assert len(found) == 1, "one data script per explorer"
    return json.loads(found[0])


def test_exported_logits_are_the_models_next_token_scores(shakespeare):
    model, tokenizer = shakespeare
    data = explorer_data(model, tokenizer, PROMPT)
    with torch.no_grad():
        expected = model(torch.tensor([tokenizer.encode(PROMPT)]))[0, -1]
    assert len(data["logits"]) == len(data["labels"]) == tokenizer.vocab_size == 65
    assert torch.allclose(torch.tensor(data["logits"]), expected, atol=1e-6)
    # readable labels in vocabulary order
    assert data["labels"][tokenizer.stoi["a"]] == "a"
    assert data["labels"][tokenizer.stoi[" "]] == "␣"
    assert data["labels"][tokenizer.stoi["\n"]] == "\\n"
    assert data["prompt"] == PROMPT and data["n_bars"] == 20


def test_html_block_holds_the_data_and_a_fallback_for_jupyterlab(shakespeare):
    model, tokenizer = shakespeare
    block = explorer_html(model, tokenizer, PROMPT, n_bars=12, temperature=0.7, top_k=5)
    assert block.data.count('<div class="sampling-explorer">') == 1
    assert "sampling-explorer-fallback" in block.data
    data = _embedded(block)
    assert data == explorer_data(model, tokenizer, PROMPT, n_bars=12, temperature=0.7, top_k=5)
    assert (data["temperature"], data["top_k"], data["top_p"]) == (0.7, 5, 1.0)


def test_prompt_cannot_break_out_of_the_page():
    text = "</script><b>&'\"\n"
    tokenizer = CharTokenizer.from_text(text)
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=tokenizer.vocab_size, block_size=8, n_layer=1, n_head=1,
                          n_embd=8))
    model.eval()
    block = explorer_html(model, tokenizer, text)
    # the only closing script tag is the data script's own; the prompt is escaped in the text
    assert block.data.count("</script>") == 1
    assert "<b>" not in block.data
    assert _embedded(block)["prompt"] == text


def test_long_prompts_are_cut_to_the_context_window(shakespeare):
    model, tokenizer = shakespeare
    long_prompt = "ROMEO:\n" + "Is the day so young? " * 20
    assert len(long_prompt) > model.config.block_size
    window = long_prompt[-model.config.block_size :]
    assert torch.equal(next_token_logits(model, tokenizer, long_prompt),
                       next_token_logits(model, tokenizer, window))


@pytest.mark.parametrize("start", [{"temperature": -0.1}, {"top_k": 66}, {"top_p": 0.0}])
def test_start_values_outside_the_sliders_are_refused(shakespeare, start):
    model, tokenizer = shakespeare
    with pytest.raises(ValueError, match="out of the sliders' ranges"):
        explorer_data(model, tokenizer, PROMPT, **start)


SETTINGS = [(1.0, 0, 1.0), (0.5, 0, 1.0), (1.7, 0, 1.0), (0.0, 0, 1.0), (1.0, 3, 1.0),
            (1.0, 0, 0.6), (0.8, 10, 0.9), (2.0, 40, 0.35), (0.3, 1, 1.0), (1.2, 65, 0.05)]


def test_script_arithmetic_matches_the_package(shakespeare, tmp_path):
    """The script's distribution equals pixels_to_gpt's for the exported logits."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the browser test checks the script's arithmetic")
    model, tokenizer = shakespeare
    logits = explorer_data(model, tokenizer, PROMPT)["logits"]
    runner = tmp_path / "run.js"
    runner.write_text(
        f"const e = require({json.dumps(str(SCRIPT))});\n"
        f"const logits = {json.dumps(logits)};\n"
        f"const settings = {json.dumps(SETTINGS)};\n"
        "const out = settings.map(([t, k, p]) => e.distribution(logits, t, k, p));\n"
        "console.log(JSON.stringify(out));\n"
    )
    result = subprocess.run([node, str(runner)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    from_script = json.loads(result.stdout)
    for (t, k, p), probs in zip(SETTINGS, from_script, strict=True):
        expected = filtered_distribution(torch.tensor(logits), t, k or None, p)
        got = torch.tensor(probs, dtype=torch.float32)
        assert torch.equal(got > 0, expected > 0), f"T={t}, k={k}, p={p}: other tokens kept"
        assert torch.allclose(got, expected, atol=1e-5), f"T={t}, k={k}, p={p}"
        assert sum(probs) == pytest.approx(1.0)


def test_kept_tokens_are_exactly_those_sampling_can_draw(shakespeare):
    """What the explorer lists as kept is what sample_next_token draws from, nothing else."""
    model, tokenizer = shakespeare
    logits = torch.tensor(explorer_data(model, tokenizer, PROMPT)["logits"])
    kept = filtered_distribution(logits, 0.9, 4, 0.8) > 0
    draws = sample_next_token(logits.repeat(3000, 1), 0.9, top_k=4, top_p=0.8,
                              generator=torch.Generator().manual_seed(0))
    drawn = torch.zeros_like(kept)
    drawn[draws[:, 0].unique()] = True
    assert torch.equal(drawn, kept)
