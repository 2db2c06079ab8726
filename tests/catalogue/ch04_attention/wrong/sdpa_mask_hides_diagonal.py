"""attention whose mask also hides each token from itself, so the first row is all -inf and becomes nan."""
# message: must allow the diagonal
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - scores = scores.masked_fill(~torch.ones(T, T, dtype=torch.bool).tril(), float("-inf"))
# + future = torch.ones(T, T, dtype=torch.bool).triu()
# + scores = scores.masked_fill(future, float("-inf"))
# - return (weights @ v).squeeze(), weights.squeeze()
# + return weights @ v, weights
