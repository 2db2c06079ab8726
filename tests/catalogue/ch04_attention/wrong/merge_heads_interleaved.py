"""merge_heads that interleaves the heads' channels (channel-major) instead of putting them side by side."""
# message: head 0's output, then head 1's
# %% merge_heads
def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.permute(0, 2, 3, 1).reshape(B, T, nh * hs)
