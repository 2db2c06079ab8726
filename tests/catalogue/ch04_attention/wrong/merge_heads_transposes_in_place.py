"""merge_heads that transposes the caller's tensor in place (x.transpose_(1, 2)) before reshaping."""
# message: changed its input in place
# %% merge_heads
def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.transpose_(1, 2).reshape(B, T, nh * hs)
