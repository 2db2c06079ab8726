"""dropout that multiplies the kept elements by p instead of dividing them by 1 - p."""
# message: divided by 1 - p
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep * p
