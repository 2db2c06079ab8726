"""attention indexing each head with q[:, h] (keeps a batch of one and a single token); block that works in place on its own copy of x and a hand-written layer norm with torch.rsqrt(var + eps); dropout with torch.where and an explicit early return for p == 1."""
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    hs = C // n_head
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    q, k, v = (t.reshape(B, T, n_head, hs).transpose(1, 2) for t in qkv.split(C, dim=-1))
    allowed = torch.ones(T, T, dtype=torch.bool).tril()
    heads = []
    for h in range(n_head):
        scores = (q[:, h] @ k[:, h].transpose(-2, -1)) * hs ** -0.5  # (B, T, T)
        scores = scores.masked_fill(~allowed, float("-inf"))
        heads.append(scores.softmax(dim=-1) @ v[:, h])  # (B, T, hs)
    return F.linear(torch.cat(heads, dim=-1), w["attn.proj.weight"], w.get("attn.proj.bias"))

# %% block_forward
def block_forward(x, w, n_head, eps=1e-5):
    def norm(t, name):
        centred = t - t.mean(dim=-1, keepdim=True)
        out = centred * torch.rsqrt(centred.pow(2).mean(dim=-1, keepdim=True) + eps)
        out = out * w[name + ".weight"]
        return out + w[name + ".bias"] if name + ".bias" in w else out

    stream = x.clone()  # our own copy: in-place updates below leave the caller's x alone
    stream += causal_self_attention(norm(stream, "ln_1"), w, n_head)
    h = F.gelu(F.linear(norm(stream, "ln_2"), w["mlp.fc.weight"], w.get("mlp.fc.bias")))
    stream += F.linear(h, w["mlp.proj.weight"], w.get("mlp.proj.bias"))
    return stream

# %% dropout
def dropout(x, p, training, generator=None):
    if p < 0 or p > 1:
        raise ValueError(f"p={p} is not a probability: it must lie in [0, 1]")
    if not training:
        return x
    if p == 1:
        return torch.zeros_like(x)
    u = torch.rand(x.shape, generator=generator)
    return torch.where(u >= p, x / (1 - p), torch.zeros_like(x))
