"""attention that divides the scores by the square root of the model's width (heads x head size) instead of the head size."""
# message: not by heads * head size
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
# + width = q.size(-1) * (q.size(1) if q.dim() == 4 else 1)
# + scores = q @ k.transpose(-2, -1) / math.sqrt(width)
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
