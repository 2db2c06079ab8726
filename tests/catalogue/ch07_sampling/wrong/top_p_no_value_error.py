"""top_p_filter that accepts p outside (0, 1]."""
# message: must raise ValueError
# %% top_p_filter
def top_p_filter(logits, p):
    if p >= 1:
        return logits.clone()
    sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
    probs = torch.exp(sorted_logits - sorted_logits.amax(dim=-1, keepdim=True))
    probs = probs / probs.sum(dim=-1, keepdim=True)
    drop_sorted = torch.cumsum(probs, dim=-1) - probs >= p
    drop_sorted[..., 0] = False
    drop = drop_sorted.scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))
