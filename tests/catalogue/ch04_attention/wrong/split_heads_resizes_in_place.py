"""split_heads that reshapes the caller's tensor in place (x.resize_, as numpy's a.shape = ...), then transposes it."""
# message: changed its input in place
# %% split_heads
def split_heads(x, n_head):
    B, T, C = x.shape
    x.resize_(B, T, n_head, C // n_head)
    return x.transpose(1, 2)
