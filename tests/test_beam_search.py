"""Beam search (chapter 7): width 1 is greedy, a wider beam finds likelier text, the model's
mode is left as it was."""

from __future__ import annotations

import pytest
import torch

from pixels_to_gpt.beam_search import beam_search, sequence_log_prob
from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.sampling import generate


def tiny_model() -> GPT:
    torch.manual_seed(0)
    return GPT(GPTConfig(vocab_size=7, block_size=8, n_layer=1, n_head=2, n_embd=16))


class TrapModel(torch.nn.Module):
    """After token 0, token 1 looks best (0.6) but leads to a flat 1/4 choice; token 2 (0.4)
    leads to a sure next token. Greedy takes 1 (0.6 * 0.25 = 0.15); the best pair is 2, 3
    (0.4 * 1.0 = 0.4)."""

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        last = idx[:, -1]
        probs = torch.full((idx.size(0), 4), 1e-9)
        probs[last == 0] = torch.tensor([1e-9, 0.6, 0.4, 1e-9])
        probs[last == 1] = torch.tensor([0.25, 0.25, 0.25, 0.25])
        probs[last == 2] = torch.tensor([1e-9, 1e-9, 1e-9, 1.0])
        probs[last == 3] = torch.tensor([0.25, 0.25, 0.25, 0.25])
        return probs.log()[:, None, :].expand(-1, idx.size(1), -1)


def test_a_beam_of_one_is_greedy_decoding():
    model, prompt = tiny_model(), torch.tensor([[1, 2, 3]])
    beam, _ = beam_search(model, prompt, 6, 8, beam_width=1)
    assert torch.equal(beam, generate(model, prompt, 6, 8, temperature=0))


def test_a_wider_beam_finds_the_likelier_sequence_greedy_misses():
    model, prompt = TrapModel(), torch.tensor([[0]])
    greedy = generate(model, prompt, 2, 8, temperature=0)
    beam, log_prob = beam_search(model, prompt, 2, 8, beam_width=2)
    assert greedy[0, 1].item() == 1 and beam[0].tolist() == [0, 2, 3]
    assert log_prob == pytest.approx(sequence_log_prob(model, beam, 1, 8), abs=1e-5)
    assert log_prob > sequence_log_prob(model, greedy, 1, 8)


@pytest.mark.parametrize("training", [True, False])
def test_the_models_mode_is_left_as_it_was(training):
    model = tiny_model().train(training)
    beam_search(model, torch.tensor([[1, 2]]), 3, 8)
    assert model.training == training


def test_a_batch_of_prompts_is_refused_with_the_shape_to_use():
    with pytest.raises(ValueError, match=r"one prompt, shape \(1, T\)"):
        beam_search(tiny_model(), torch.tensor([[1], [2]]), 3, 8)
