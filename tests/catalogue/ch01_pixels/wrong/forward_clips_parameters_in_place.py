"""forward that clips every parameter to [-30, 30] in place to avoid overflow: the caller's parameters change, and so do the probabilities, but only for extreme weights."""
# message: forward wrote into a tensor it was given
# %% forward
# changes to wrong/forward_zeroes_huge_weights_in_place:
# - w1 = params["W1"].view(-1)
# - w1[w1.abs() > 50] = 0.0
# + for p in params.values():
# +     p.clamp_(-30, 30)
