"""attention that takes the softmax over the queries (dim=-2) instead of the keys."""
# message: softmax over the keys
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - weights = torch.softmax(scores, dim=-1)
# - return (weights @ v).squeeze(), weights.squeeze()
# + weights = torch.softmax(scores, dim=-2)
# + return weights @ v, weights
