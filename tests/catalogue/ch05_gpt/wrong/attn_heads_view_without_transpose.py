"""attention that splits heads with view(B, n_head, T, hs) and merges with view(B, T, C), never transposing."""
# message: view(B, T, n_head, hs).transpose(1, 2)
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
    q, k, v = (t.reshape(B, n_head, T, C // n_head) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return F.linear(y.reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
