"""merge that holds back one pending id; encode with sorted candidates; decode with a dict comprehension and codecs.decode."""
# %% merge
def merge(ids, pair, new_id):
    out = []
    pending = None
    for x in ids:
        if pending is not None and (pending, x) == pair:
            out.append(new_id)
            pending = None
            continue
        if pending is not None:
            out.append(pending)
        pending = x
    if pending is not None:
        out.append(pending)
    return out

# %% encode
def encode(text, merges):
    result = []
    for chunk in split_text(text):
        ids = [b for b in chunk.encode("utf-8")]
        while len(ids) > 1:
            candidates = sorted((merges[p], p) for p in set(zip(ids, ids[1:])) if p in merges)
            if not candidates:
                break
            new_id, pair = candidates[0]
            ids = merge(ids, pair, new_id)
        result.extend(ids)
    return result

# %% decode
import codecs


def decode(ids, merges):
    table = {i: bytes((i,)) for i in range(256)}
    for (left, right), new_id in merges.items():
        table[new_id] = b"".join((table[left], table[right]))
    return codecs.decode(b"".join(map(table.__getitem__, ids)), "utf-8", "replace")
