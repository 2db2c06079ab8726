"""attention that scales the caller's queries in place (q /= sqrt(d))."""
# message: in place
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    q /= math.sqrt(q.size(-1))
    scores = q @ k.transpose(-2, -1)
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
