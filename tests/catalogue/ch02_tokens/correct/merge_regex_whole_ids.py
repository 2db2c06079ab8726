"""merge on a joined string done right: a regex with word boundaries matches whole ids only, left to right without overlap; always a new list."""
# %% merge
import re


def merge(ids, pair, new_id):
    text = " ".join(map(str, ids))
    text = re.sub(rf"\b{pair[0]} {pair[1]}\b", str(new_id), text)
    return [int(t) for t in text.split()]
