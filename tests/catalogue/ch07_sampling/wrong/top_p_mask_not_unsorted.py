"""top_p_filter that applies the mask computed in sorted order directly to the unsorted logits."""
# message: vocabulary order
# %% top_p_filter
# changes to wrong/top_p_drops_crossing_token:
# - drop_sorted = torch.cumsum(probs, dim=-1) > p
# - drop = drop_sorted.scatter(-1, order, drop_sorted)
# + drop = torch.cumsum(probs, dim=-1) - probs >= p
