"""Muon: the orthogonalised update, agreement with torch.optim.Muon, and its use in training."""

from __future__ import annotations

import math

import pytest
import torch

from pixels_to_gpt.model import GPT, GPTConfig
from pixels_to_gpt.muon import Muon, Optimizers, orthogonalise
from pixels_to_gpt.train import TrainConfig, make_optimizer, split_loss, train


@pytest.mark.parametrize("shape", [(64, 16), (16, 64), (32, 32)])
def test_orthogonalise_brings_every_singular_value_near_one(shape):
    torch.manual_seed(0)
    # a gradient-like matrix: singular values a hundredfold apart
    u, _, v = torch.linalg.svd(torch.randn(shape), full_matrices=False)
    s = torch.logspace(0, -2, min(shape))
    g = u @ torch.diag(s) @ v
    o = orthogonalise(g)
    assert o.shape == g.shape and o.dtype == torch.float32
    s_out = torch.linalg.svdvals(o)
    assert s_out.min() > 0.5 and s_out.max() < 1.5  # Keller Jordan's iteration ends here
    # same directions: the singular vectors are kept, only the values change
    assert torch.allclose(u.T @ o @ v.T, torch.diag(torch.diagonal(u.T @ o @ v.T)), atol=0.05)


def test_one_step_matches_torch_muon():
    """The same update as torch.optim.Muon (which orthogonalises in bfloat16: loose tolerance)."""
    torch.manual_seed(0)
    ours = torch.nn.Parameter(torch.randn(24, 40))
    theirs = torch.nn.Parameter(ours.detach().clone())
    opt_ours = Muon([ours], lr=0.01, weight_decay=0.1)
    opt_theirs = torch.optim.Muon([theirs], lr=0.01, weight_decay=0.1,
                                  adjust_lr_fn="match_rms_adamw")
    for _ in range(3):
        grad = torch.randn(24, 40)
        ours.grad, theirs.grad = grad.clone(), grad.clone()
        before_ours, before_theirs = ours.detach().clone(), theirs.detach().clone()
        opt_ours.step()
        opt_theirs.step()
        step_ours, step_theirs = ours - before_ours, theirs - before_theirs
        assert step_ours.norm() > 0.01
        # bfloat16 keeps about 3 significant digits; a wrong momentum, scale or decay is off
        # by far more than 5%
        assert (step_ours - step_theirs).norm() < 0.05 * step_ours.norm()


def test_muon_refuses_a_parameter_that_is_not_a_matrix():
    with pytest.raises(ValueError, match="AdamW"):
        Muon([torch.nn.Parameter(torch.ones(5))])


def test_muon_takes_the_blocks_matrices_and_adamw_the_rest():
    model = GPT(GPTConfig(vocab_size=7, block_size=8, n_layer=2, n_head=2, n_embd=16))
    opt = make_optimizer(model, TrainConfig(optimizer="muon", learning_rate=3e-3))
    assert isinstance(opt, Optimizers)
    muon, adamw = opt.optimizers
    in_muon = {id(p) for g in muon.param_groups for p in g["params"]}
    in_adamw = {id(p) for g in adamw.param_groups for p in g["params"]}
    expected = {id(p) for p in model.blocks.parameters() if p.dim() == 2}
    assert in_muon == expected and len(expected) == 8  # qkv, proj, fc, proj in two blocks
    assert id(model.tok_emb.weight) in in_adamw and not in_muon & in_adamw
    assert in_muon | in_adamw == {id(p) for p in model.parameters()}
    assert {g["lr"] for g in opt.param_groups} == {3e-3}
    with pytest.raises(ValueError, match="adamw"):
        make_optimizer(model, TrainConfig(optimizer="sgd"))


def test_training_with_muon_learns_and_can_resume_from_its_state():
    torch.manual_seed(0)
    data = torch.tensor([0, 1, 2, 3, 4, 5] * 200)
    model = GPT(GPTConfig(vocab_size=6, block_size=8, n_layer=1, n_head=2, n_embd=16))
    assert split_loss(model, data) == pytest.approx(math.log(6), abs=0.1)
    cfg = TrainConfig(max_iters=60, batch_size=8, learning_rate=1e-2, warmup_iters=5,
                      optimizer="muon")
    log = train(model, data, data, cfg, progress=False)
    assert log[-1]["val_loss"] < 0.3

    opt = make_optimizer(model, cfg)
    x = data[:64].view(8, 8)
    model(x, x)[1].backward()
    opt.step()
    again = make_optimizer(model, cfg)
    again.load_state_dict(opt.state_dict())
    assert torch.equal(again.optimizers[0].state[model.blocks[0].mlp.fc.weight]["momentum"],
                       opt.optimizers[0].state[model.blocks[0].mlp.fc.weight]["momentum"])
