"""attention that scales the caller's queries in place (q /= sqrt(d))."""
# message: in place
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
# + q /= math.sqrt(q.size(-1))
# + scores = q @ k.transpose(-2, -1)
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
