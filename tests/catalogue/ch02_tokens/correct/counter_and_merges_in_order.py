"""count_pairs with collections.Counter; encode that applies every merge once, in the order learned (equivalent: a merge never re-creates an earlier pair)."""
# %% count_pairs
from collections import Counter


def count_pairs(ids):
    return Counter(zip(ids, ids[1:]))

# %% encode
def encode(text, merges):
    out = []
    for chunk in split_text(text):
        ids = list(chunk.encode("utf-8"))
        for pair, new_id in merges.items():
            if len(ids) < 2:
                break
            ids = merge(ids, pair, new_id)
        out.extend(ids)
    return out
