"""count_pairs that skips ahead after a pair of equal ids, so [5, 5, 5] counts (5, 5) once."""
# message: overlap
# %% count_pairs
def count_pairs(ids):
    counts = {}
    i = 0
    while i + 1 < len(ids):
        pair = (ids[i], ids[i + 1])
        counts[pair] = counts.get(pair, 0) + 1
        i += 2 if ids[i] == ids[i + 1] else 1
    return counts
