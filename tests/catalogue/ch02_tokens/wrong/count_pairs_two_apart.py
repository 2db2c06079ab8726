"""count_pairs that pairs each id with the one two places on, not its neighbour."""
# message: pair of neighbours
# %% count_pairs
def count_pairs(ids):
    counts = {}
    for pair in zip(ids, ids[2:]):
        counts[pair] = counts.get(pair, 0) + 1
    return counts
