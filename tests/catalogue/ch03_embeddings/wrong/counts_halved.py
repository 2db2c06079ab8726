"""cooccurrence_counts made symmetric by averaging the one-sided counts with their transpose: each pair counts 1/2 in each direction instead of 1."""
# message: not 1/2
# %% cooccurrence_counts
def cooccurrence_counts(ids, vocab_size, window):
    one_way = torch.zeros(vocab_size, vocab_size)
    for offset in range(1, window + 1):
        left, right = ids[:-offset], ids[offset:]
        known = (left >= 0) & (right >= 0)
        one_way.index_put_((left[known], right[known]), torch.ones(int(known.sum())), accumulate=True)
    return (one_way + one_way.T) / 2
