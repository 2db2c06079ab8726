"""Muon: momentum whose update is orthogonalised, for the weight matrices of the blocks.

Adam scales each weight's step by its own gradient history. Muon instead takes the momentum
of a whole matrix's gradient, G, and replaces it by the nearest "orthogonal" matrix (all
singular values about 1): every direction the gradient points in moves by the same amount,
rare directions as much as the dominant one. On the course's GPT it reaches a given
validation loss in far fewer steps than AdamW (bench/README.md). Embeddings, the head and
the layer norms' gains stay with AdamW, as in Keller Jordan's Muon.

`torch.optim.Muon` does the same, but orthogonalises in bfloat16, which a CPU without
bfloat16 units runs about eight times slower than float32 (measured here: 490 ms against
63 ms a training step). This version works in float32 and otherwise follows torch's:
Nesterov momentum, five Newton-Schulz steps with the same coefficients, decoupled weight
decay, and the step size scaled to match AdamW's (`adjust_lr_fn="match_rms_adamw"`), so one
learning-rate schedule serves both optimisers.
"""

from __future__ import annotations

import math

import torch

# The quintic Newton-Schulz iteration's coefficients (Keller Jordan's, also torch's): chosen
# to push small singular values up fast, not to converge exactly; they end between 0.5 and 1.5.
NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)


def orthogonalise(g: torch.Tensor, steps: int = 5, eps: float = 1e-7) -> torch.Tensor:
    """Approximately U V^T for g = U S V^T (g: (m, n) -> (m, n)), by Newton-Schulz steps.

    Each step maps every singular value s to a s + b s^3 + c s^5, using only matmuls; dividing
    by the norm first puts every s in [0, 1], where the polynomial pushes them towards 1.
    """
    a, b, c = NS_COEFFICIENTS
    x = g.float()
    tall = x.size(0) > x.size(1)
    if tall:  # work with the wide orientation: the Gram matrix x x^T is then the smaller
        x = x.T
    x = x / x.norm().clamp(min=eps)
    for _ in range(steps):
        gram = x @ x.T
        x = torch.addmm(x, torch.addmm(gram, gram, gram, beta=b, alpha=c), x, beta=a)
    return x.T if tall else x


class Muon(torch.optim.Optimizer):
    """Muon for 2-D parameters (weight matrices); see the module's docstring."""

    def __init__(self, params, lr: float = 1e-3, weight_decay: float = 0.1,
                 momentum: float = 0.95, ns_steps: int = 5) -> None:
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, momentum=momentum,
                                      ns_steps=ns_steps))
        for group in self.param_groups:
            for p in group["params"]:
                if p.dim() != 2:
                    raise ValueError(f"Muon updates weight matrices only; got a parameter of "
                                     f"shape {tuple(p.shape)}: give it to AdamW instead")

    @torch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            lr, momentum = group["lr"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if not state:
                    state["momentum"] = torch.zeros_like(p)
                buf = state["momentum"]
                buf.lerp_(p.grad, 1 - momentum)
                update = orthogonalise(p.grad.lerp(buf, momentum), group["ns_steps"])  # Nesterov
                # An orthogonal (m, n) matrix has RMS 1/sqrt(max(m, n)); scaling by
                # 0.2 sqrt(max(m, n)) gives it the RMS of a typical AdamW update (0.2).
                p.mul_(1 - lr * group["weight_decay"])
                p.add_(update, alpha=-lr * 0.2 * math.sqrt(max(p.shape)))
        return None


class Optimizers:
    """Several optimisers stepped as one (Muon for some parameters, AdamW for the rest)."""

    def __init__(self, *optimizers: torch.optim.Optimizer) -> None:
        self.optimizers = optimizers
        # one list of groups, so a learning-rate schedule sets every group's "lr"
        self.param_groups = [g for o in optimizers for g in o.param_groups]

    def zero_grad(self, set_to_none: bool = True) -> None:
        for o in self.optimizers:
            o.zero_grad(set_to_none=set_to_none)

    def step(self) -> None:
        for o in self.optimizers:
            o.step()

    def state_dict(self) -> list[dict]:
        return [o.state_dict() for o in self.optimizers]

    def load_state_dict(self, states: list[dict]) -> None:
        for o, s in zip(self.optimizers, states, strict=True):
            o.load_state_dict(s)
