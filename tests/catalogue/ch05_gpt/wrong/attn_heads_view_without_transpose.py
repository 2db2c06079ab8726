"""attention that splits heads with view(B, n_head, T, hs) and merges with view(B, T, C), never transposing."""
# message: view(B, T, n_head, hs).transpose(1, 2)
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# - q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
# + q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# + q, k, v = (t.reshape(B, n_head, T, C // n_head) for t in (q, k, v))
# - return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
# + return F.linear(y.reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
