"""cooccurrence_counts that counts only the words after each word (the right-hand side of the window), so counts is not symmetric."""
# message: counts must be symmetric
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    counts = torch.zeros(vocab_size, vocab_size)
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        known = (left >= 0) & (right >= 0)
        counts.index_put_((left[known], right[known]), torch.ones(int(known.sum())), accumulate=True)
    return counts
