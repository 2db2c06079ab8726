"""attention that scales q and k each by d**-0.25, masks with a tril of ones, and splits heads with torch.stack of channel slices."""
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    d = q.shape[-1]
    scores = (q * d ** -0.25) @ (k * d ** -0.25).transpose(-1, -2)
    if causal:
        T = scores.shape[-1]
        keep = torch.tril(torch.ones(T, T))
        scores = scores.masked_fill(keep == 0, float("-inf"))
    weights = scores.softmax(dim=-1)
    return torch.matmul(weights, v), weights

# %% split_heads
def split_heads(x, n_head):
    hs = x.shape[-1] // n_head
    return torch.stack([x[:, :, h * hs:(h + 1) * hs] for h in range(n_head)], dim=1)

# %% merge_heads
def merge_heads(x):
    return torch.cat([x[:, h] for h in range(x.shape[1])], dim=-1)
