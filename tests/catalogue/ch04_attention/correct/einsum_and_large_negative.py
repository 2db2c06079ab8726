"""attention with torch.einsum, the mask as -1e9 (exactly 0 after exp in float64 and float32), and heads with reshape/permute."""
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    scores = torch.einsum("...id,...jd->...ij", q, k) * q.size(-1) ** -0.5
    if causal:
        T = scores.size(-1)
        upper = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
        scores = torch.where(upper, torch.full_like(scores, -1e9), scores)
    weights = F.softmax(scores, dim=-1)
    return torch.einsum("...ij,...jd->...id", weights, v), weights

# %% split_heads
def split_heads(x, n_head):
    B, T, C = x.shape
    return x.reshape(B, T, n_head, -1).permute(0, 2, 1, 3)

# %% merge_heads
def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.permute(0, 2, 1, 3).contiguous().view(B, T, nh * hs)
