"""top_p_filter that accepts p outside (0, 1]."""
# message: must raise ValueError
# %% top_p_filter
# changes to wrong/top_p_drops_crossing_token:
# - if not 0 < p <= 1:
# - raise ValueError("p must be in (0, 1]")
# - if p == 1:
# + if p >= 1:
# - drop_sorted = torch.cumsum(probs, dim=-1) > p
# + drop_sorted = torch.cumsum(probs, dim=-1) - probs >= p
# + drop_sorted[..., 0] = False
