"""dropout that ignores the training flag: it drops elements in use too."""
# message: training=False
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
