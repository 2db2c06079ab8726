"""encode that starts from character codes (ord) instead of UTF-8 bytes, so 'é' is 233, not 195, 169."""
# message: UTF-8 bytes
# %% encode
def encode(text, merges):
    out = []
    for chunk in split_text(text):
        ids = [ord(ch) for ch in chunk]
        while len(ids) >= 2:
            pairs = count_pairs(ids)
            first = min(pairs, key=lambda p: merges.get(p, float("inf")))
            if first not in merges:
                break
            ids = merge(ids, first, merges[first])
        out.extend(ids)
    return out
