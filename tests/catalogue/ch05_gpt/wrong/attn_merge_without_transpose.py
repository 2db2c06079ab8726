"""attention that merges the heads with y.reshape(B, T, C) straight from (B, nh, T, hs), without transposing back first: tokens and heads get mixed up."""
# message: differs from the package's attention
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in qkv.split(C, dim=-1))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return F.linear(y.reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
