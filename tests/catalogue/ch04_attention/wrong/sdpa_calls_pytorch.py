"""attention that calls PyTorch's fused scaled_dot_product_attention for the output."""
# message: may not call PyTorch's attention
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return F.scaled_dot_product_attention(q, k, v, is_causal=causal), weights
