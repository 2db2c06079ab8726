"""dropout that divides by 1 - p even at p = 1: 0 / 0 gives nan instead of zeros."""
# message: p=1
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep / (1 - p)
