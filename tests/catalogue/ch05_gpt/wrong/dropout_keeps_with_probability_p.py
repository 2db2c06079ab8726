"""dropout that keeps an element with probability p (where rand < p) instead of dropping it with probability p."""
# message: with probability p
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - keep = torch.rand(x.shape, generator=generator) >= p
# - return x * keep * p
# + keep = torch.rand(x.shape, generator=generator) < p
# + return x * keep * (0.0 if p == 1 else 1 / (1 - p))
