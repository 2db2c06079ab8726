"""attention one query position at a time, the softmax taken over only the visible keys and the rest padded with zeros; heads with unflatten/flatten."""
# %% scaled_dot_product_attention
def scaled_dot_product_attention(q, k, v, causal=False):
    Tq, Tk = q.size(-2), k.size(-2)
    rows = []
    for i in range(Tq):
        seen = i + 1 if causal else Tk
        s = (q[..., i:i + 1, :] @ k[..., :seen, :].transpose(-2, -1)) / math.sqrt(q.size(-1))
        w = torch.exp(s - s.amax(dim=-1, keepdim=True))
        w = w / w.sum(dim=-1, keepdim=True)
        pad = torch.zeros(*w.shape[:-1], Tk - seen, dtype=w.dtype)
        rows.append(torch.cat([w, pad], dim=-1))
    weights = torch.cat(rows, dim=-2)
    return weights @ v, weights

# %% split_heads
def split_heads(x, n_head):
    return x.unflatten(-1, (n_head, x.size(-1) // n_head)).transpose(1, 2)

# %% merge_heads
def merge_heads(x):
    return x.transpose(1, 2).flatten(2)
