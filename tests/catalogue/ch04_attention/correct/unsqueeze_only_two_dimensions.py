"""attention that also accepts 2-D inputs by adding a batch dimension and removing exactly that one (only when it added it), with the scores from torch.matmul and mT."""
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    added = q.dim() == 2
    if added:
        q, k, v = q[None], k[None], v[None]
    scores = torch.matmul(q, k.mT) / q.size(-1) ** 0.5
    if causal:
        T = scores.size(-1)
        future = torch.ones(T, T, dtype=torch.bool).triu(diagonal=1)
        scores = scores.masked_fill(future, -math.inf)
    weights = torch.softmax(scores, dim=-1)
    out = torch.matmul(weights, v)
    return (out[0], weights[0]) if added else (out, weights)
