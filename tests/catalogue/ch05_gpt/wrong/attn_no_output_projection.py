"""attention that returns the merged heads without the output projection attn.proj."""
# message: output projection attn.proj
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# + q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# - return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
# + return y.transpose(1, 2).reshape(B, T, C)
