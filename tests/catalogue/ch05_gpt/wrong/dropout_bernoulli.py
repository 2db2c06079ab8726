"""dropout that draws its mask with torch.bernoulli(1 - p): the right rate, but another mask than the stated rule's for the same seed."""
# message: keep = torch.rand(x.shape, generator=generator) >= p
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - keep = torch.rand(x.shape, generator=generator) >= p
# - return x * keep * p
# + keep = torch.bernoulli(torch.full(x.shape, 1 - p), generator=generator)
# + return x * keep * (0.0 if p == 1 else 1 / (1 - p))
