"""attention that accepts 2-D inputs by adding a batch dimension and squeezing it away at the end (squeeze(0)): a real batch of one, (1, T, d), loses its batch dimension."""
# message: even a batch of one
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    q, k, v = (t.unsqueeze(0) if t.dim() == 2 else t for t in (q, k, v))
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return (weights @ v).squeeze(0), weights.squeeze(0)
