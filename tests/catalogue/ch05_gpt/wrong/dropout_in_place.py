"""dropout that zeroes and scales x itself, in place, and returns it."""
# message: in place
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - return x * keep * p
# + x.mul_(keep)
# + x.mul_(0.0 if p == 1 else 1 / (1 - p))
# + return x
