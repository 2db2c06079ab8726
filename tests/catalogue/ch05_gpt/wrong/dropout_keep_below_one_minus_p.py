"""dropout that keeps where rand < 1 - p: the right rate, but not the stated rule, so a seed gives another mask."""
# message: keep = torch.rand(x.shape, generator=generator) >= p
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - keep = torch.rand(x.shape, generator=generator) >= p
# - return x * keep * p
# + keep = torch.rand(x.shape, generator=generator) < 1 - p
# + return x * keep * (0.0 if p == 1 else 1 / (1 - p))
