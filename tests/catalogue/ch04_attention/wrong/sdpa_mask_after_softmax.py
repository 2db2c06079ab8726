"""attention that zeroes the future weights after the softmax, so the rows no longer sum to 1."""
# message: before the softmax
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    weights = torch.softmax(scores, dim=-1)
    if causal:
        T = scores.size(-1)
        weights = weights * torch.ones(T, T).tril()
    return weights @ v, weights
