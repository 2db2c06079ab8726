"""encode that merges the most frequent known pair of a chunk first (as in training), not the first learned."""
# message: learned first
# %% encode
def encode(text, merges):
    out = []
    for chunk in split_text(text):
        ids = list(chunk.encode("utf-8"))
        while True:
            known = {p: n for p, n in count_pairs(ids).items() if p in merges}
            if not known:
                break
            best = max(known, key=known.get)
            ids = merge(ids, best, merges[best])
        out.extend(ids)
    return out
