"""softmax computed row by row in a Python loop, in float64, cast back to the input dtype."""
# %% softmax
def softmax(logits, dim=-1):
    moved = logits.movedim(dim, -1).to(torch.float64)
    rows = moved.reshape(-1, moved.shape[-1])
    out = torch.empty_like(rows)
    for i, row in enumerate(rows):
        exps = torch.exp(row - row.max())
        out[i] = exps / exps.sum()
    return out.reshape(moved.shape).movedim(-1, dim).to(logits.dtype)
