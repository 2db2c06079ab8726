"""encode that reads each chunk's bytes with numpy: the merged ids are ints, but the unmerged bytes stay numpy.uint8, not Python ints."""
# message: a list of Python ints
# %% encode
import numpy as np


def encode(text, merges):
    out = []
    for chunk in split_text(text):
        ids = list(np.frombuffer(chunk.encode("utf-8"), dtype=np.uint8))
        while len(ids) >= 2:
            pairs = count_pairs(ids)
            first = min(pairs, key=lambda p: merges.get(p, float("inf")))
            if first not in merges:
                break
            ids = merge(ids, first, merges[first])
        out.extend(ids)
    return out
