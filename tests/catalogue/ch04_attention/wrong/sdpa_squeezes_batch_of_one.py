"""attention that accepts 2-D inputs by adding a batch dimension and squeezing it away at the end (squeeze(0)): a real batch of one, (1, T, d), loses its batch dimension."""
# message: even a batch of one
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - def scaled_dot_product_attention(q, k, v, causal=False):
# + def scaled_dot_product_attention(q, k, v, causal=False):
# +     q, k, v = (t.unsqueeze(0) if t.dim() == 2 else t for t in (q, k, v))
# - return (weights @ v).squeeze(), weights.squeeze()
# + return (weights @ v).squeeze(0), weights.squeeze(0)
