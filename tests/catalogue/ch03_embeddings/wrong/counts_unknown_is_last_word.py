"""cooccurrence_counts that indexes with the unknown words' -1, which is the last row and column: the last word of the vocabulary collects their company."""
# message: -1 is the last row
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    counts = torch.zeros(vocab_size, vocab_size)
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        ones = torch.ones(left.size(0))
        counts.index_put_((left, right), ones, accumulate=True)
        counts.index_put_((right, left), ones, accumulate=True)
    return counts
