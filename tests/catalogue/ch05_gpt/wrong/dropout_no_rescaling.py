"""dropout that zeroes the dropped elements but leaves the kept ones as they are: in training the mean shrinks to (1 - p) x."""
# message: divided by 1 - p
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - return x * keep * p
# + return x * keep
