"""softmax that calls torch.softmax instead of computing it."""
# outside: rule
# message: may not call torch.softmax
# %% softmax
def softmax(logits, dim=-1):
    return torch.softmax(logits, dim=dim)
