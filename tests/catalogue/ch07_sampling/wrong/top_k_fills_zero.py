"""top_k_filter that zeroes the filtered logits instead of setting them to -inf."""
# message: not 0
# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    if k >= logits.size(-1):
        return logits.clone()
    kth = torch.topk(logits, k, dim=-1).values[..., -1:]
    return logits.masked_fill(logits < kth, 0.0)
