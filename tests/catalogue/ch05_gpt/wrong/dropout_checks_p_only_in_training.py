"""dropout that returns x in use before checking p: dropout(x, 1.5, training=False) raises nothing."""
# message: must raise ValueError
# %% dropout
def dropout(x, p, training, generator=None):
    if not training:
        return x
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
