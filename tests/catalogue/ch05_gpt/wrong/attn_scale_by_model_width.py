"""hand-written attention that divides the scores by sqrt(C), the model's width, instead of the head size."""
# message: differs from the package's attention
# %% causal_self_attention
# changes to wrong/attn_keys_and_queries_swapped:
# - k, q, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# + q, k, v = F.linear(x, w["attn.qkv.weight"], w.get("attn.qkv.bias")).split(C, dim=-1)
# - y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
# + scores = q @ k.transpose(-2, -1) / math.sqrt(C)
# + scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
# + y = torch.softmax(scores, dim=-1) @ v
