"""attention that never divides the scores by sqrt(d), so the softmax saturates."""
# message: divide the scores by sqrt(d)
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1)
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
