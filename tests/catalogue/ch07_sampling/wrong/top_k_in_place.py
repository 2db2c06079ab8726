"""top_k_filter that masks the caller's tensor in place with masked_fill_."""
# message: in place
# %% top_k_filter
def top_k_filter(logits, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    if k >= logits.size(-1):
        return logits.clone()
    kth = torch.topk(logits, k, dim=-1).values[..., -1:]
    return logits.masked_fill_(logits < kth, float("-inf"))
