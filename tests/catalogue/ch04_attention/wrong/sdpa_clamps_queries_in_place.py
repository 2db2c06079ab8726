"""attention that guards against overflow with q.clamp_(-1e4, 1e4) and k.clamp_(-1e4, 1e4): right values, but it writes into the caller's tensors (only huge entries would show a change)."""
# message: scaled_dot_product_attention wrote into a tensor it was given
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - def scaled_dot_product_attention(q, k, v, causal=False):
# + def scaled_dot_product_attention(q, k, v, causal=False):
# +     q.clamp_(-1e4, 1e4)
# +     k.clamp_(-1e4, 1e4)
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
