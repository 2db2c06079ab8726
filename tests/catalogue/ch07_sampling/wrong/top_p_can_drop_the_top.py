"""top_p_filter that drops every token whose own probability exceeds p, so a confident row loses its most likely token."""
# message: always kept
# %% top_p_filter
# changes to wrong/top_p_drops_crossing_token:
# - drop_sorted = torch.cumsum(probs, dim=-1) > p
# + before = torch.cumsum(probs, dim=-1) - probs
# + drop_sorted = (before >= p) | (probs > p)
