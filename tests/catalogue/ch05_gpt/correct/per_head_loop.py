"""attention one head at a time from slices of the weight matrices, then concatenated; dropout that keeps ones as an int mask and multiplies by the scale first."""
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    hs = C // n_head
    Wq, Wk, Wv = w["attn.qkv.weight"].split(C, dim=0)
    bq, bk, bv = w["attn.qkv.bias"].split(C) if "attn.qkv.bias" in w else (None, None, None)
    outs = []
    for h in range(n_head):
        sl = slice(h * hs, (h + 1) * hs)
        q = F.linear(x, Wq[sl], None if bq is None else bq[sl])
        k = F.linear(x, Wk[sl], None if bk is None else bk[sl])
        v = F.linear(x, Wv[sl], None if bv is None else bv[sl])
        outs.append(F.scaled_dot_product_attention(q, k, v, is_causal=True))
    return F.linear(torch.cat(outs, dim=-1), w["attn.proj.weight"], w.get("attn.proj.bias"))

# %% block_forward
def block_forward(x, w, n_head):
    C = x.size(-1)
    ln1 = F.layer_norm(x, (C,), w["ln_1.weight"], w.get("ln_1.bias"), eps=1e-5)
    mid = torch.add(x, causal_self_attention(ln1, w, n_head))
    ln2 = F.layer_norm(mid, (C,), w["ln_2.weight"], w.get("ln_2.bias"), eps=1e-5)
    up = F.linear(ln2, w["mlp.fc.weight"], w.get("mlp.fc.bias"))
    down = F.linear(F.gelu(up, approximate="none"), w["mlp.proj.weight"], w.get("mlp.proj.bias"))
    return torch.add(mid, down)

# %% dropout
def dropout(x, p, training, generator=None):
    if p != p or p < 0.0 or p > 1.0:
        raise ValueError("p must be in [0, 1], got " + str(p))
    if training:
        keep = (torch.rand(x.shape, generator=generator) >= p).int()
        scale = 1 / (1 - p) if p != 1 else 0
        return (scale * x) * keep
    return x
