"""dropout that never checks p: p = 1.5 or -0.1 go through without an error."""
# message: must raise ValueError
# %% dropout
def dropout(x, p, training, generator=None):
    if not training:
        return x
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep * (0.0 if p >= 1 else 1 / (1 - p))
