"""merge_heads that reshapes (B, nh, T, hs) straight to (B, T, C), without transposing back."""
# message: transpose(1, 2) back
# %% merge_heads
def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.reshape(B, T, nh * hs)
