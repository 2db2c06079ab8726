"""split_heads that returns (B, T, nh, hs), forgetting to move the head dimension forward."""
# message: must have shape
# %% split_heads
def split_heads(x, n_head):
    B, T, C = x.shape
    return x.view(B, T, n_head, C // n_head)
