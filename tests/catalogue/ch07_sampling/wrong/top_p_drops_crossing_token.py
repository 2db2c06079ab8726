"""top_p_filter that keeps tokens only while the running total stays within p, dropping the token that crosses p."""
# message: the token that crosses p
# %% top_p_filter
def top_p_filter(logits, p):
    if not 0 < p <= 1:
        raise ValueError("p must be in (0, 1]")
    if p == 1:
        return logits.clone()
    sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
    probs = torch.exp(sorted_logits - sorted_logits.amax(dim=-1, keepdim=True))
    probs = probs / probs.sum(dim=-1, keepdim=True)
    drop_sorted = torch.cumsum(probs, dim=-1) > p
    drop = drop_sorted.scatter(-1, order, drop_sorted)
    return logits.masked_fill(drop, float("-inf"))
