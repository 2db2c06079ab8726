"""softmax written with torch.logsumexp, never forming exp of a large number."""
# %% softmax
def softmax(logits, dim=-1):
    return torch.exp(logits - torch.logsumexp(logits, dim=dim, keepdim=True))
