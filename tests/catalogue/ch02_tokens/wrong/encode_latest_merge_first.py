"""encode that applies the merges in the wrong order: the last learned first."""
# message: learned first
# %% encode
def encode(text, merges):
    out = []
    for chunk in split_text(text):
        ids = list(chunk.encode("utf-8"))
        while len(ids) >= 2:
            known = [p for p in count_pairs(ids) if p in merges]
            if not known:
                break
            latest = max(known, key=lambda p: merges[p])
            ids = merge(ids, latest, merges[latest])
        out.extend(ids)
    return out
