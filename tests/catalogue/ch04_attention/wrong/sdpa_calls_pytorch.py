"""attention that calls PyTorch's fused scaled_dot_product_attention for the output."""
# message: may not call PyTorch's attention
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - return (weights @ v).squeeze(), weights.squeeze()
# + return F.scaled_dot_product_attention(q, k, v, is_causal=causal), weights
