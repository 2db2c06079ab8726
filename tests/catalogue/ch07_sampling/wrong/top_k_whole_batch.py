"""top_k_filter that takes the k-th largest of the whole batch instead of each row."""
# message: kept the wrong entries
# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    if k >= logits.size(-1):
        return logits.clone()
    kth = torch.topk(logits.flatten(), k).values[-1]
    return logits.masked_fill(logits < kth, float("-inf"))
