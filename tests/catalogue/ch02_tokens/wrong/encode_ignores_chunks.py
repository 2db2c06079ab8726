"""encode that merges over the bytes of the whole text, so tokens can join the end of one word to the next."""
# message: encode each chunk on its own
# %% encode
def encode(text, merges):
    ids = list(text.encode("utf-8"))
    while len(ids) >= 2:
        pairs = count_pairs(ids)
        first = min(pairs, key=lambda p: merges.get(p, float("inf")))
        if first not in merges:
            break
        ids = merge(ids, first, merges[first])
    return ids
