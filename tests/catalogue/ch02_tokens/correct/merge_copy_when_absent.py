"""merge that returns a copy of the ids (list(ids)) when the pair does not occur, and otherwise rebuilds the list with an iterator."""
# %% merge
def merge(ids, pair, new_id):
    if pair not in set(zip(ids, ids[1:])):
        return list(ids)
    out = []
    it = iter(range(len(ids)))
    for i in it:
        if i + 1 < len(ids) and ids[i] == pair[0] and ids[i + 1] == pair[1]:
            out.append(new_id)
            next(it, None)
        else:
            out.append(ids[i])
    return out

# %% count_pairs
def count_pairs(ids):
    counts = dict.fromkeys(zip(ids, ids[1:]), 0)
    for pair in zip(ids, ids[1:]):
        counts[pair] += 1
    return counts
