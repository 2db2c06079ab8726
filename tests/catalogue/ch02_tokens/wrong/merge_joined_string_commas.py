"""merge on a comma-joined string with str.replace: '12,3' ends like '2,3', so the pair (2, 3) is found inside [12, 3]."""
# message: compare whole ids
# %% merge
def merge(ids, pair, new_id):
    if not ids:
        return []
    text = ",".join(map(str, ids)).replace(f"{pair[0]},{pair[1]}", str(new_id))
    return [int(t) for t in text.split(",")]
