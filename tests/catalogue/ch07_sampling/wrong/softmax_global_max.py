"""softmax that subtracts the maximum of the whole tensor, so a row far below it underflows to 0/0."""
# message: each row
# %% softmax
def softmax(logits, dim=-1):
    exps = torch.exp(logits - logits.max())
    return exps / exps.sum(dim=dim, keepdim=True)
