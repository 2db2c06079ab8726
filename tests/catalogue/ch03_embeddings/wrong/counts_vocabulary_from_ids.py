"""cooccurrence_counts that sizes the matrix by the largest id (ids.max() + 1) instead of vocab_size, so words that do not occur at the end of the vocabulary lose their rows."""
# message: use vocab_size, not ids.max() + 1
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    size = int(ids.max()) + 1
    counts = torch.zeros(size, size)
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        known = (left >= 0) & (right >= 0)
        ones = torch.ones(int(known.sum()))
        counts.index_put_((left[known], right[known]), ones, accumulate=True)
        counts.index_put_((right[known], left[known]), ones, accumulate=True)
    return counts
