"""count_pairs that pairs the last id with the first, as if the list were a ring."""
# message: the last id has no right neighbour
# %% count_pairs
def count_pairs(ids):
    counts = {}
    for pair in zip(ids, ids[1:] + ids[:1]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts
