"""attention that guards against overflow with q.clamp_(-1e4, 1e4) and k.clamp_(-1e4, 1e4): right values, but it writes into the caller's tensors (only huge entries would show a change)."""
# message: scaled_dot_product_attention wrote into a tensor it was given
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    q.clamp_(-1e4, 1e4)
    k.clamp_(-1e4, 1e4)
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
