"""dropout that draws its mask with torch.bernoulli(1 - p): the right rate, but another mask than the stated rule's for the same seed."""
# message: keep = torch.rand(x.shape, generator=generator) >= p
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.bernoulli(torch.full(x.shape, 1 - p), generator=generator)
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
