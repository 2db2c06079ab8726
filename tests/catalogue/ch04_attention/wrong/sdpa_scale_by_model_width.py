"""attention that divides the scores by the square root of the model's width (heads x head size) instead of the head size."""
# message: not by heads * head size
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    width = q.size(-1) * (q.size(1) if q.dim() == 4 else 1)
    scores = q @ k.transpose(-2, -1) / math.sqrt(width)
    if causal:
        T = scores.size(-1)
        scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
