"""attention, layer norm and GELU written out by hand (einsum attention, mean/variance layer norm, erf GELU), dropout from a flat draw reshaped to x's shape, the mask as floats."""
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    hs = C // n_head
    qkv = x @ w["attn.qkv.weight"].T
    if "attn.qkv.bias" in w:
        qkv = qkv + w["attn.qkv.bias"]
    q, k, v = (qkv[..., i * C:(i + 1) * C].reshape(B, T, n_head, hs).permute(0, 2, 1, 3) for i in range(3))
    scores = torch.einsum("bhid,bhjd->bhij", q, k) / math.sqrt(hs)
    scores = scores.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf"))
    y = torch.einsum("bhij,bhjd->bhid", torch.softmax(scores, dim=-1), v)
    y = y.permute(0, 2, 1, 3).reshape(B, T, C) @ w["attn.proj.weight"].T
    return y + w["attn.proj.bias"] if "attn.proj.bias" in w else y

# %% block_forward
def block_forward(x, w, n_head):
    def norm(t, name):
        mean = t.mean(dim=-1, keepdim=True)
        var = ((t - mean) ** 2).mean(dim=-1, keepdim=True)
        out = (t - mean) / torch.sqrt(var + 1e-5) * w[name + ".weight"]
        return out + w[name + ".bias"] if name + ".bias" in w else out

    def linear(t, name):
        out = t @ w[name + ".weight"].T
        return out + w[name + ".bias"] if name + ".bias" in w else out

    x = x + causal_self_attention(norm(x, "ln_1"), w, n_head)
    h = linear(norm(x, "ln_2"), "mlp.fc")
    h = 0.5 * h * (1 + torch.erf(h / math.sqrt(2)))
    return x + linear(h, "mlp.proj")

# %% dropout
def dropout(x, p, training, generator=None):
    if not (0.0 <= p <= 1.0):
        raise ValueError("the dropout probability must be between 0 and 1")
    if training is False:
        return x.clone()
    u = torch.rand(x.numel(), generator=generator).reshape(x.shape)
    mask = (u >= p).to(x.dtype)
    return mask * x * (0.0 if p >= 1.0 else 1.0 / (1.0 - p))
