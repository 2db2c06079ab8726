"""cooccurrence_counts whose offsets run over range(1, window + 2): one word too many on each side."""
# message: range(1, window + 1)
# %% cooccurrence_counts
# changes to the reference:
# - def cooccurrence_counts(ids: torch.Tensor, vocab_size: int, window: int) -> torch.Tensor:
# - """counts (V, V) float32: how often word j occurs within `window` words of word i."""
# + def cooccurrence_counts(ids, vocab_size, window):
# - for offset in range(1, window + 1):
# + for offset in range(1, window + 2):
