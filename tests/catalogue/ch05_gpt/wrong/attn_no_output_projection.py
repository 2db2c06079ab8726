"""attention that returns the merged heads without the output projection attn.proj."""
# message: output projection attn.proj
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    B, T, C = x.shape
    q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
    q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    return y.transpose(1, 2).reshape(B, T, C)
