"""attention that returns only the output, not the pair (output, weights)."""
# message: (output, weights)
# %% scaled_dot_product_attention
# changes to wrong/sdpa_squeezes_single_query:
# - weights = torch.softmax(scores, dim=-1)
# - return (weights @ v).squeeze(), weights.squeeze()
# + return torch.softmax(scores, dim=-1) @ v
