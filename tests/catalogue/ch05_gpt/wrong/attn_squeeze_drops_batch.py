"""attention one head at a time on slices q[:, h:h+1] with .squeeze() to drop the head dimension: .squeeze() also drops a batch of one (and a single token)."""
# message: squeeze
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in qkv.split(C, dim=-1))
    heads = []
    for h in range(n_head):
        out = F.scaled_dot_product_attention(q[:, h:h + 1], k[:, h:h + 1], v[:, h:h + 1], is_causal=True)
        heads.append(out.squeeze())  # (B, T, hs)
    y = torch.cat(heads, dim=-1)
    return F.linear(y, w["attn.proj.weight"], w.get("attn.proj.bias"))
