"""cooccurrence_counts that replaces the unknown ids by 0 in the ids it was given (ids[ids < 0] = 0) and then weights those pairs by 0."""
# message: wrote into the ids it was given
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    known = (ids >= 0).float()
    ids[ids < 0] = 0
    counts = torch.zeros(vocab_size, vocab_size)
    for offset in range(1, window + 1):
        weight = known[:-offset] * known[offset:]
        counts.index_put_((ids[:-offset], ids[offset:]), weight, accumulate=True)
        counts.index_put_((ids[offset:], ids[:-offset]), weight, accumulate=True)
    return counts
