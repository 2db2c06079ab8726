"""attention that divides by the square root of the number of keys instead of the head size."""
# message: divide the scores by sqrt(d)
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
# + scores = q @ k.transpose(-2, -1) / math.sqrt(k.size(-2))
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
