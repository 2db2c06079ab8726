"""encode that merges the first-learned pair of each chunk once and does not repeat."""
# message: repeat until no pair
# %% encode
def encode(text, merges):
    out = []
    for chunk in split_text(text):
        ids = list(chunk.encode("utf-8"))
        pairs = count_pairs(ids)
        if pairs:
            first = min(pairs, key=lambda p: merges.get(p, float("inf")))
            if first in merges:
                ids = merge(ids, first, merges[first])
        out.extend(ids)
    return out
