"""attention that merges the heads with y.reshape(B, T, C) straight from (B, nh, T, hs), without transposing back first: tokens and heads get mixed up."""
# message: differs from the package's attention
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# - q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
# + qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
# + q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in qkv.split(C, dim=-1))
# - return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
# + return F.linear(y.reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
