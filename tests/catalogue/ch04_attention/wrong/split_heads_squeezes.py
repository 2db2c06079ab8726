"""split_heads that squeezes its result: one head, or a batch of one, loses its dimension."""
# message: must have shape
# %% split_heads
def split_heads(x, n_head):
    B, T, C = x.shape
    return x.view(B, T, n_head, C // n_head).transpose(1, 2).squeeze()
