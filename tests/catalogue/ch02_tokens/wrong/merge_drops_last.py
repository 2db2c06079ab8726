"""merge whose loop stops one early and loses a final id that is not part of a pair."""
# message: every id is kept
# %% merge
def merge(ids, pair, new_id):
    out = []
    i = 0
    while i < len(ids) - 1:
        if (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out
