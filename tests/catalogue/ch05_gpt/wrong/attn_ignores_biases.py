"""attention that never uses the qkv and proj biases of a bias=True model."""
# message: with its bias
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# + q, k, v = (x @ w["attn.qkv.weight"].T).split(C, dim=-1)
# - return F.linear(y.transpose(1, 2).reshape(B, T, C), w["attn.proj.weight"], w.get("attn.proj.bias"))
# + return y.transpose(1, 2).reshape(B, T, C) @ w["attn.proj.weight"].T
