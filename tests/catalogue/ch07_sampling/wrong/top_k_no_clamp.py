"""top_k_filter that calls torch.topk even when k exceeds the row length (it raises)."""
# message: row length
# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    kth = torch.topk(logits, k, dim=-1).values[..., -1:]
    return logits.masked_fill(logits < kth, float("-inf"))
