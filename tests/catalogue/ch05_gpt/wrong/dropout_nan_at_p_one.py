"""dropout that divides by 1 - p even at p = 1: 0 / 0 gives nan instead of zeros."""
# message: p=1
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - return x * keep * p
# + return x * keep / (1 - p)
