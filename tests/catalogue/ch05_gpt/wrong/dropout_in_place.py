"""dropout that zeroes and scales x itself, in place, and returns it."""
# message: in place
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) >= p
    x.mul_(keep)
    x.mul_(0.0 if p == 1 else 1 / (1 - p))
    return x
