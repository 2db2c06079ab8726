"""softmax without subtracting the maximum: exp(1000.) is inf, and inf / inf is nan."""
# message: subtract the row's maximum
# %% softmax
def softmax(logits, dim=-1):
    exps = torch.exp(logits)
    return exps / exps.sum(dim=dim, keepdim=True)
