"""attention that never applies the causal mask: every token sees the future."""
# message: the future
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
