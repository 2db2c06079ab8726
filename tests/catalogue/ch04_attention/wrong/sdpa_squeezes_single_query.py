"""attention that squeezes its results: one query (Tq = 1), as when generating a token, loses its query dimension."""
# message: even a batch of one
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return (weights @ v).squeeze(), weights.squeeze()
