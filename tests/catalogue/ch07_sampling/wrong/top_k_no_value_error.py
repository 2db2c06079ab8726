"""top_k_filter that does not check k >= 1."""
# message: must raise ValueError
# %% top_k_filter
def top_k_filter(logits, k):
    if k >= logits.size(-1):
        return logits.clone()
    kth = torch.sort(logits, dim=-1, descending=True).values[..., max(k, 1) - 1 : max(k, 1)]
    return logits.masked_fill(logits < kth, float("-inf"))
