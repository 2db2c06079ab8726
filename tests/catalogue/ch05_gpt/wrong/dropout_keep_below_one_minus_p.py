"""dropout that keeps where rand < 1 - p: the right rate, but not the stated rule, so a seed gives another mask."""
# message: keep = torch.rand(x.shape, generator=generator) >= p
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) < 1 - p
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
