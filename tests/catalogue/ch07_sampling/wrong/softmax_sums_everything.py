"""softmax that divides by the sum of the whole tensor instead of each row."""
# message: each row
# %% softmax
def softmax(logits, dim=-1):
    exps = torch.exp(logits - logits.amax(dim=dim, keepdim=True))
    return exps / exps.sum()
