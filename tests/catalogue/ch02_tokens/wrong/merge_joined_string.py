"""merge done on a joined string: ' '.join the ids and str.replace the pair. Left to right without overlap, as asked, but it matches across digits: [11, 2] holds '1 2'."""
# message: compare whole ids
# %% merge
def merge(ids, pair, new_id):
    text = " ".join(str(i) for i in ids)
    text = text.replace(f"{pair[0]} {pair[1]}", str(new_id))
    return [int(t) for t in text.split()]
