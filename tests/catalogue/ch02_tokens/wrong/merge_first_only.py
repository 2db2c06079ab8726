"""merge that replaces only the first occurrence of the pair."""
# message: replace every occurrence
# %% merge
def merge(ids, pair, new_id):
    for i in range(len(ids) - 1):
        if (ids[i], ids[i + 1]) == pair:
            return ids[:i] + [new_id] + ids[i + 2:]
    return list(ids)
