"""merge that returns the caller's own list when the pair does not occur (a shortcut): the result then aliases the input."""
# message: returned the very list it was given
# %% merge
def merge(ids, pair, new_id):
    if pair not in zip(ids, ids[1:]):
        return ids
    out, i = [], 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out
