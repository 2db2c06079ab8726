"""attention that masks the past (the lower triangle) and lets every token see the future."""
# message: lower triangle
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
# + allowed = torch.ones(T, T, dtype=torch.bool).triu()
# + scores = scores.masked_fill(~allowed, float("-inf"))
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
