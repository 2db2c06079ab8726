"""encode that starts from character codes (ord) instead of UTF-8 bytes, so 'é' is 233, not 195, 169."""
# message: UTF-8 bytes
# %% encode
# changes to correct/counter_and_merges_in_order:
# - ids = list(chunk.encode("utf-8"))
# - for pair, new_id in merges.items():
# - if len(ids) < 2:
# + ids = [ord(ch) for ch in chunk]
# + while len(ids) >= 2:
# +     pairs = count_pairs(ids)
# +     first = min(pairs, key=lambda p: merges.get(p, float("inf")))
# +     if first not in merges:
# - ids = merge(ids, pair, new_id)
# + ids = merge(ids, first, merges[first])
