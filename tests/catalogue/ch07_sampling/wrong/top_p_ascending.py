"""top_p_filter that sorts in ascending order, so it keeps the least likely tokens."""
# message: kept the wrong tokens
# %% top_p_filter
# changes to wrong/top_p_drops_crossing_token:
# - sorted_logits, order = torch.sort(logits, dim=-1, descending=True)
# + sorted_logits, order = torch.sort(logits, dim=-1)
# - drop_sorted = torch.cumsum(probs, dim=-1) > p
# + drop_sorted = torch.cumsum(probs, dim=-1) - probs >= p
