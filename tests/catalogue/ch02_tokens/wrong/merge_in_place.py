"""merge that rewrites the caller's list in place (slice assignment) and returns it."""
# message: changed the caller's list
# %% merge
def merge(ids, pair, new_id):
    i = 0
    while i + 1 < len(ids):
        if (ids[i], ids[i + 1]) == pair:
            ids[i:i + 2] = [new_id]
        i += 1
    return ids
