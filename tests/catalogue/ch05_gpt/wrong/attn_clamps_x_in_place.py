"""attention that clamps the caller's x in place (x.clamp_(-20, 20)) "so the scores cannot overflow": ordinary inputs never show it, large ones are changed for the caller."""
# message: changed x in place
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# - q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))
# + x.clamp_(-20.0, 20.0)  # keep the attention scores in range
# + qkv = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias"))
# + q, k, v = (t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in qkv.split(C, dim=-1))
