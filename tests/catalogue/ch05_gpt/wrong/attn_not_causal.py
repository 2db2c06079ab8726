"""attention without the causal mask: every token sees the future."""
# message: is_causal=True
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v)
    return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
