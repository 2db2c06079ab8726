"""attention that never divides the scores by sqrt(d), so the softmax saturates."""
# message: divide the scores by sqrt(d)
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
# + scores = q @ k.transpose(-2, -1)
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
