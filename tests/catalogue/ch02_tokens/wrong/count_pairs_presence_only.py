"""count_pairs that records which pairs occur, each with count 1."""
# message: each time it occurs
# %% count_pairs
def count_pairs(ids):
    return {pair: 1 for pair in zip(ids, ids[1:])}
