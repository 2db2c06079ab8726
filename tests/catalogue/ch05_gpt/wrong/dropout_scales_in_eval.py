"""dropout that is right in training but multiplies by 1 - p in use (the old, non-inverted dropout's correction, on top of the inverted one's)."""
# message: training=False
# %% dropout
# changes to wrong/dropout_scales_by_p:
# - return x
# + return x * (1 - p)
# - return x * keep * p
# + return x * keep * (0.0 if p == 1 else 1 / (1 - p))
