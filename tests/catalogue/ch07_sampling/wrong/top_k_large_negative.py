"""top_k_filter that fills with -1e9 instead of -inf."""
# message: not a large
# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    if k >= logits.size(-1):
        return logits.clone()
    kth = torch.topk(logits, k, dim=-1).values[..., -1:]
    return logits.masked_fill(logits < kth, -1e9)
