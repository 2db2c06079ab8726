"""top_p_filter that returns the filtered probabilities instead of logits."""
# message: kept the wrong tokens
# %% top_p_filter
def top_p_filter(logits, p):
    if not 0 < p <= 1:
        raise ValueError("p must be in (0, 1]")
    probs = torch.exp(logits - logits.amax(dim=-1, keepdim=True))
    probs = probs / probs.sum(dim=-1, keepdim=True)
    sorted_probs, order = torch.sort(probs, dim=-1, descending=True)
    drop_sorted = torch.cumsum(sorted_probs, dim=-1) - sorted_probs >= p
    drop = drop_sorted.scatter(-1, order, drop_sorted)
    return probs.masked_fill(drop, 0.0)
