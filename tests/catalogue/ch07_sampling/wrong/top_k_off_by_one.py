"""top_k_filter that compares with the (k+1)-th largest, keeping one token too many."""
# message: kept the wrong entries
# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    if k >= logits.size(-1):
        return logits.clone()
    kth = torch.sort(logits, dim=-1, descending=True).values[..., k : k + 1]
    return logits.masked_fill(logits < kth, float("-inf"))
