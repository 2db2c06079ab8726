"""softmax that computes in float64 and forgets to cast back to the input dtype."""
# message: keep the dtype
# %% softmax
def softmax(logits, dim=-1):
    x = logits.double()
    exps = torch.exp(x - x.amax(dim=dim, keepdim=True))
    return exps / exps.sum(dim=dim, keepdim=True)
