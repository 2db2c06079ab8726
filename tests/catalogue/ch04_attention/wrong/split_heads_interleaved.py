"""split_heads that gives head h every n_head-th channel (view as (B, T, hs, nh)) instead of a contiguous slice."""
# message: channels h*hs to (h+1)*hs - 1
# %% split_heads
def split_heads(x, n_head):
    B, T, C = x.shape
    return x.view(B, T, C // n_head, n_head).permute(0, 3, 1, 2)
