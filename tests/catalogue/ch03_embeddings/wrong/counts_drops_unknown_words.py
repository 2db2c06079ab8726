"""cooccurrence_counts that removes the unknown words (-1) before counting, so the words on either side of one become neighbours."""
# message: don't remove it before counting
# %% cooccurrence_counts
# changes to the reference:
# - def cooccurrence_counts(ids: torch.Tensor, vocab_size: int, window: int) -> torch.Tensor:
# - """counts (V, V) float32: how often word j occurs within `window` words of word i."""
# + def cooccurrence_counts(ids, vocab_size, window):
# +     ids = ids[ids >= 0]
# - known = (left >= 0) & (right >= 0)
# - left, right = left[known], right[known]
