"""merge_heads that calls view on the transposed tensor, which PyTorch refuses for non-contiguous memory."""
# message: Use .reshape(...) instead
# %% merge_heads
def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.transpose(1, 2).view(B, T, nh * hs)
