"""split_heads that views straight to (B, nh, T, hs) without a transpose, cutting the sequence instead of the channels."""
# message: transpose(1, 2)
# %% split_heads
def split_heads(x, n_head):
    B, T, C = x.shape
    return x.view(B, n_head, T, C // n_head)
