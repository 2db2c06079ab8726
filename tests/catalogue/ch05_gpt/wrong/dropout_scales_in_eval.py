"""dropout that is right in training but multiplies by 1 - p in use (the old, non-inverted dropout's correction, on top of the inverted one's)."""
# message: training=False
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x * (1 - p)
    keep = torch.rand(x.shape, generator=generator) >= p
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
