"""attention that takes the keys from the first third of qkv and the queries from the second."""
# message: q, k, v in that order
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
