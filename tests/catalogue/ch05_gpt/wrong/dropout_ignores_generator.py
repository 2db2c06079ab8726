"""dropout that draws its mask from torch's global generator, ignoring the one it is given: a seed does not reproduce the mask."""
# message: generator=generator
# %% dropout
def dropout(x, p, training, generator=None):
    if not 0 <= p <= 1:
        raise ValueError(f"p must be between 0 and 1, got {p}")
    if not training:
        return x
    keep = torch.rand(x.shape) >= p
    return x * keep * (0.0 if p == 1 else 1 / (1 - p))
