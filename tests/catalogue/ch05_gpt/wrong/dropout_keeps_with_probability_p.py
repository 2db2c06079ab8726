"""dropout that keeps an element with probability p (where rand < p) instead of dropping it with probability p."""
# message: with probability p
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) < p
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
