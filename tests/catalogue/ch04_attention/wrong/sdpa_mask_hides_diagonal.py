"""attention whose mask also hides each token from itself, so the first row is all -inf and becomes nan."""
# message: must allow the diagonal
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        T = scores.size(-1)
        future = torch.ones(T, T, dtype=torch.bool).triu()
        scores = scores.masked_fill(future, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
