"""The package's reference sampling functions follow the exercise's contract (CONTRIBUTING.md).

Checked against torch's own kernels where one exists (torch.softmax, torch.topk), and by
statistics with fixed seeds where randomness is involved. (The exercise's hidden tests grade
the same functions in tests/test_exercises.py, as the "package" submission.)
"""

from __future__ import annotations

import pytest
import torch

from pixels_to_gpt.checkpoint import load_checkpoint
from pixels_to_gpt.sampling import (
    apply_penalties,
    apply_temperature,
    generate,
    sample_next_token,
    softmax,
    top_k_filter,
    top_p_filter,
)

INF = float("inf")


@pytest.mark.parametrize("dim", [0, 1, 2, -1])
def test_softmax_matches_torch_on_every_dim(dim):
    x = torch.randn(3, 4, 5, generator=torch.Generator().manual_seed(0)) * 10
    assert torch.allclose(softmax(x, dim), torch.softmax(x, dim), atol=1e-7)


def test_softmax_is_stable_and_gives_minus_inf_zero():
    assert torch.allclose(softmax(torch.tensor([1000.0, 1001.0])),
                          torch.softmax(torch.tensor([0.0, 1.0]), 0))
    p = softmax(torch.tensor([0.0, -INF, 1.0]))
    assert p[1].item() == 0.0 and abs(p.sum().item() - 1) < 1e-6


def test_temperature_divides_and_refuses_non_positive():
    assert torch.equal(apply_temperature(torch.tensor([2.0, -1.0]), 0.5), torch.tensor([4.0, -2.0]))
    for t in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="greater than 0"):
            apply_temperature(torch.tensor([1.0]), t)


def test_top_k_keeps_ties_and_matches_topk():
    assert torch.equal(top_k_filter(torch.tensor([4.0, 3.0, 3.0, 1.0]), 2),
                       torch.tensor([4.0, 3.0, 3.0, -INF]))
    x = torch.randn(4, 50, generator=torch.Generator().manual_seed(1))
    kept = top_k_filter(x, 7)
    assert torch.equal(torch.isfinite(kept).nonzero()[:, 1].view(4, 7).sort().values,
                       torch.topk(x, 7).indices.sort().values)
    assert torch.equal(top_k_filter(x, 50), x) and top_k_filter(x, 50) is not x
    with pytest.raises(ValueError):
        top_k_filter(x, 0)


def test_top_p_keeps_the_smallest_nucleus():
    # probabilities 0.64, 0.24, 0.09, 0.03
    x = torch.tensor([[0.0, 3.0, 1.0, 2.0]])
    assert torch.equal(top_p_filter(x, 0.8), torch.tensor([[-INF, 3.0, -INF, 2.0]]))
    assert torch.equal(top_p_filter(x, 0.5), torch.tensor([[-INF, 3.0, -INF, -INF]]))
    assert torch.equal(top_p_filter(x, 1.0), x)
    for p in (0, 1.5):
        with pytest.raises(ValueError):
            top_p_filter(x, p)


def test_no_function_changes_its_input():
    x = torch.randn(2, 6, generator=torch.Generator().manual_seed(2))
    before = x.clone()
    softmax(x), apply_temperature(x, 0.5), top_k_filter(x, 2), top_p_filter(x, 0.5)
    sample_next_token(x, 0.7, 3, 0.9, torch.Generator().manual_seed(0))
    assert torch.equal(x, before)


def test_sampling_follows_the_filtered_distribution():
    probs = torch.tensor([0.5, 0.3, 0.15, 0.05])
    logits = probs.log().repeat(20_000, 1)
    ids = sample_next_token(logits, top_k=2, generator=torch.Generator().manual_seed(0))
    share = torch.bincount(ids[:, 0], minlength=4) / len(ids)
    assert ids.shape == (20_000, 1) and ids.dtype == torch.long
    assert torch.allclose(share, torch.tensor([0.625, 0.375, 0.0, 0.0]), atol=0.02)


def test_same_seed_same_tokens_and_greedy_is_argmax():
    x = torch.randn(30, 10, generator=torch.Generator().manual_seed(3))
    a = sample_next_token(x, generator=torch.Generator().manual_seed(9))
    torch.manual_seed(123)
    b = sample_next_token(x, generator=torch.Generator().manual_seed(9))
    assert torch.equal(a, b)
    assert torch.equal(sample_next_token(x, temperature=0), x.argmax(-1, keepdim=True))


def test_generate_on_the_course_model_crops_and_stops_at_eos():
    model, tok, _ = load_checkpoint()
    prompt = torch.tensor([tok.encode("ROMEO:\n" * 30)])  # longer than the context window
    out = generate(model, prompt, 20, model.config.block_size, temperature=0.8,
                   generator=torch.Generator().manual_seed(0))
    assert out.shape == (1, prompt.size(1) + 20) and torch.equal(out[:, : prompt.size(1)], prompt)
    newline = tok.stoi["\n"]
    out = generate(model, torch.tensor([tok.encode("ROMEO:\nO")] * 3), 200,
                   model.config.block_size, eos_id=newline,
                   generator=torch.Generator().manual_seed(0))
    for row in out[:, 8:].tolist():
        if newline in row:
            first = row.index(newline)
            assert row[first:] == [newline] * (len(row) - first)
    assert out.size(1) < 8 + 200, "every line ends long before 200 characters"


def test_generate_restores_training_mode():
    model, tok, _ = load_checkpoint()
    model.train()
    generate(model, torch.tensor([[0]]), 2, 8)
    assert model.training


def penalised_by_hand(logits, previous, repetition, frequency, presence):
    """The three penalties in plain Python, one token at a time."""
    out = []
    for row, ids in zip(logits.tolist(), previous.tolist(), strict=True):
        new = []
        for token, logit in enumerate(row):
            count = ids.count(token)
            if count:
                logit = logit / repetition if logit > 0 else logit * repetition
            new.append(logit - frequency * count - presence * (count > 0))
        out.append(new)
    return torch.tensor(out)


@pytest.mark.parametrize("repetition, frequency, presence",
                         [(1.3, 0.0, 0.0), (1.0, 0.4, 0.0), (1.0, 0.0, 0.7), (1.5, 0.2, 0.3)])
def test_penalties_match_their_definitions(repetition, frequency, presence):
    g = torch.Generator().manual_seed(3)
    logits = torch.randn(3, 12, generator=g) * 3
    previous = torch.randint(0, 12, (3, 20), generator=g)
    got = apply_penalties(logits, previous, repetition, frequency, presence)
    assert torch.allclose(got, penalised_by_hand(logits, previous, repetition, frequency, presence),
                          atol=1e-6)


def test_penalties_lower_only_seen_tokens_and_are_off_by_default():
    logits = torch.tensor([[2.0, -1.0, 0.5, 3.0]])
    previous = torch.tensor([[0, 1, 1]])
    before = logits.clone()
    assert torch.equal(apply_penalties(logits, previous), logits)
    for kwargs in ({"repetition": 1.2}, {"frequency": 0.5}, {"presence": 0.5}):
        out = apply_penalties(logits, previous, **kwargs)
        assert (out[0, :2] < logits[0, :2]).all(), kwargs  # seen: lower, whatever the sign
        assert torch.equal(out[0, 2:], logits[0, 2:]), kwargs  # never seen: unchanged
    # frequency grows with the count, presence does not
    freq = apply_penalties(torch.zeros(1, 4), previous, frequency=1.0)
    pres = apply_penalties(torch.zeros(1, 4), previous, presence=1.0)
    assert freq[0, :2].tolist() == [-1.0, -2.0] and pres[0, :2].tolist() == [-1.0, -1.0]
    assert torch.equal(logits, before)


def test_penalties_refuse_wrong_calls():
    with pytest.raises(ValueError, match="repetition must be greater than 0"):
        apply_penalties(torch.zeros(1, 4), torch.tensor([[0]]), repetition=0)
    with pytest.raises(ValueError, match="one row per row of logits"):
        apply_penalties(torch.zeros(2, 4), torch.tensor([[0]]))
    with pytest.raises(ValueError, match="batch, vocab"):
        apply_penalties(torch.zeros(4), torch.tensor([[0]]))


def test_the_contract_in_contributing_is_what_the_exercise_and_the_package_define():
    """The signatures CONTRIBUTING.md promises are the answer cells' and the package's own."""
    import inspect
    import json
    import re
    from pathlib import Path

    from pixels_to_gpt import sampling

    repo = Path(__file__).resolve().parents[1]
    section = (repo / "CONTRIBUTING.md").read_text().split("## The sampling exercise's contract")[1]
    promised = re.findall(r"^\| `(\w+)\((.*?)\)` \|", section.split("\n## ")[0], re.MULTILINE)
    cells = json.loads((repo / "solutions/ch07_sampling/sampling.ipynb").read_text())["cells"]
    answers = [c for c in cells if c["metadata"].get("nbgrader", {}).get("solution")]
    assert [name for name, _ in promised] == [
        c["metadata"]["nbgrader"]["grade_id"] for c in answers]
    for (name, params), cell in zip(promised, answers, strict=True):
        namespace = {"torch": torch}
        exec("from __future__ import annotations\n" + "".join(cell["source"]), namespace)
        for function in (namespace[name], getattr(sampling, name)):
            signature = inspect.signature(function)
            shown = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}"
                              for p in signature.parameters.values())
            assert shown == params, f"{name}: CONTRIBUTING.md says ({params}), code has ({shown})"
