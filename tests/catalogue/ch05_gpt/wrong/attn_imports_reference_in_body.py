"""attention that imports the course's split_heads and merge_heads inside the function body (the import is not a global) and uses them around SDPA."""
# message: course's package
# %% causal_self_attention
def causal_self_attention(x, w, n_head):
    from pixels_to_gpt.attention import merge_heads, split_heads

    C = x.size(-1)
    qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
    q, k, v = (split_heads(t, n_head) for t in qkv.split(C, dim=-1))
    y = merge_heads(F.scaled_dot_product_attention(q, k, v, is_causal=True))
    return F.linear(y, w["attn.proj.weight"], w.get("attn.proj.bias"))
