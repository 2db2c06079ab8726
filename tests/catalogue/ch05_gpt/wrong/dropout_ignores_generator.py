"""dropout that draws its mask from torch's global generator, ignoring the one it is given: a seed does not reproduce the mask."""
# message: generator=generator
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - keep = torch.rand(x.shape, generator=generator) >= p
# - return x * keep * p
# + keep = torch.rand(x.shape) >= p
# + return x * keep * (0.0 if p == 1 else 1 / (1 - p))
