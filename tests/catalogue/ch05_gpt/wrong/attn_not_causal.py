"""attention without the causal mask: every token sees the future."""
# message: is_causal=True
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# + q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# - y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
# + y = F.scaled_dot_product_attention(q, k, v)
