"""softmax that subtracts the maximum in place, changing the caller's logits."""
# message: in place
# %% softmax
def softmax(logits, dim=-1):
    logits -= logits.amax(dim=dim, keepdim=True)
    exps = torch.exp(logits)
    return exps / exps.sum(dim=dim, keepdim=True)
