"""count_pairs that starts each count at 0.0: the counts are floats (2.0) where the signature says int."""
# message: count with Python ints
# %% count_pairs
def count_pairs(ids):
    counts = {}
    for pair in zip(ids, ids[1:]):
        counts[pair] = counts.get(pair, 0.0) + 1
    return counts
